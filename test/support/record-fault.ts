// Fault injection in PostgreSQL itself: a trigger that rejects marking one notification sent.
import type { Db } from '../../common/db';

export interface RecordFault {
  /** How many times the write marking the key sent was tried so far. */
  tries(): Promise<number>;
  remove(): Promise<void>;
}

/** Rejects the first `failures` writes that set sentAt for `key` (every one if omitted). */
export async function failMarkingSent(db: Db, key: string, failures = Number.MAX_SAFE_INTEGER): Promise<RecordFault> {
  const literal = `'${key.replaceAll("'", "''")}'`;
  // A sequence counts the tries: unlike a row, nextval is not rolled back with the failed write.
  await db.$executeRawUnsafe(`CREATE SEQUENCE notify_fault_tries`);
  await db.$executeRawUnsafe(`CREATE FUNCTION notify_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.key = ${literal} THEN
        IF nextval('notify_fault_tries') <= ${failures} THEN
          RAISE EXCEPTION 'injected failure marking % sent', NEW.key;
        END IF;
      END IF;
      RETURN NEW;
    END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER notify_fault BEFORE UPDATE OF "sentAt" ON "Notification"
    FOR EACH ROW WHEN (NEW."sentAt" IS NOT NULL) EXECUTE FUNCTION notify_fault()`);
  return {
    async tries() {
      const [{ n }] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM notify_fault_tries`);
      return Number(n);
    },
    async remove() {
      await db.$executeRawUnsafe(`DROP TRIGGER notify_fault ON "Notification"`);
      await db.$executeRawUnsafe(`DROP FUNCTION notify_fault()`);
      await db.$executeRawUnsafe(`DROP SEQUENCE notify_fault_tries`);
    },
  };
}
