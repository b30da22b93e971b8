// Payload encryption: every payload the client or worker sends to Temporal (inputs, results,
// Update arguments, summaries, details, failure messages) is sealed with AES-256-GCM, so
// Temporal's history and its UI hold only ciphertext. The key id rides in the payload's
// metadata, so keys can rotate: new payloads use the current key, older ones open with theirs.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { required, type Config } from './config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const { Payload: PayloadProto } = temporal.api.common.v1;

export interface PayloadKeys {
  /** The key id new payloads are encrypted with. */
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A payload this codec cannot open: its key is not configured, or it was altered. */
export class PayloadDecryptError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PAYLOAD_KEY' | 'PAYLOAD_CORRUPT',
    message: string,
  ) {
    super(message);
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {
    if (!keys.keys.has(keys.current)) throw new Error(`The current payload key ${keys.current} is not among the keys`);
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.keys.get(this.keys.current)!;
    return Promise.resolve(
      payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const sealed = Buffer.concat([cipher.update(PayloadProto.encode(payload).finish()), cipher.final()]);
        return {
          metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(this.keys.current) },
          data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
        };
      }),
    );
  }

  /** Payloads written before encryption (old histories) pass through as they are. */
  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(payloads.map((payload) => (text(payload.metadata?.encoding) === ENCRYPTED_ENCODING ? this.open(payload) : payload)));
  }

  private open(payload: Payload): Payload {
    const kid = text(payload.metadata?.[KEY_ID_METADATA]);
    const key = kid === undefined ? undefined : this.keys.keys.get(kid);
    if (!key) throw new PayloadDecryptError('UNKNOWN_PAYLOAD_KEY', `No payload key with id ${kid ?? '(none)'} is configured`);
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptError('PAYLOAD_CORRUPT', 'Encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return PayloadProto.decode(plain);
    } catch {
      throw new PayloadDecryptError('PAYLOAD_CORRUPT', `Encrypted payload does not open with key ${kid}: it was altered or sealed with another key`);
    }
  }
}

/** The codec from PAYLOAD_KEYS and PAYLOAD_KEY_ID. */
export const payloadCodec = (config: Config): AesGcmCodec => new AesGcmCodec(required(config, 'PAYLOAD_KEYS'));

/** For a prebuilt workflow bundle (bundleWorkflowCode): the worker cannot add it to one. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** The data converter of every Temporal Client and Worker of this system (and of replay). */
export const encryptingDataConverter = (config: Config): DataConverter => ({
  payloadCodecs: [payloadCodec(config)],
  failureConverterPath: FAILURE_CONVERTER_PATH,
});
