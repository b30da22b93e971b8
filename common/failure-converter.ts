// Loaded by path: the worker bundles it into the workflow sandbox, and clients load it too.
// A failure's message and stack trace move into an encoded payload, which the payload codec
// then encrypts; the failure's type stays plain, for the API to map it.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
