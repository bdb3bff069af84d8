import { v7 as uuidv7 } from 'uuid';

/** Opaque, unguessable, time-ordered ids (UUIDv7): never sequential numbers (SPEC §4). */
export function newId(): string {
  return uuidv7();
}
