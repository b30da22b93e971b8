// Every workflow the worker registers.
export { leContact } from './le-contact';
