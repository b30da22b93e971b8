// Connection settings shared by the API (client) and the worker (native connection).
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { encryptingDataConverter } from './codec';
import type { Config } from './config';

export function connectionOptions(config: Config) {
  const clientCert = config.TEMPORAL_TLS_CERT ? readFileSync(config.TEMPORAL_TLS_CERT) : undefined;
  const clientKey = config.TEMPORAL_TLS_KEY ? readFileSync(config.TEMPORAL_TLS_KEY) : undefined;
  const tls =
    clientCert && clientKey ? { clientCertPair: { crt: clientCert, key: clientKey } } : config.TEMPORAL_TLS || config.TEMPORAL_API_KEY ? true : undefined;
  return { address: config.TEMPORAL_ADDRESS, tls, apiKey: config.TEMPORAL_API_KEY };
}

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: encryptingDataConverter(config) });
}
