// Jest's global teardown: stops the services global-setup.ts started.
export { stopTestServices as default } from './global-setup';
