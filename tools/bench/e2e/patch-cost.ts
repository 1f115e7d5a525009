import { NestFactory } from '@nestjs/core';
import { ContextsModule, EntityStore } from '@strata/contexts';
import type { AcknowledgedWrites } from './acknowledged-writes';
import type { BenchDatabase } from './bench-database';
import type { RunningServer } from './server-process';

/** The CPU a write costs, in milliseconds per PATCH. */
export interface PatchCost {
  cpuMsPerPatch: number;
  patches: number;
}

const patchBody = (sequence: number) => ({ data: { benchCost: sequence } });

/**
 * The source's own write: `EntityStore.patch` in this process, on the source itself, one after
 * the other, charged this process's CPU time (the database engine's too, on SQLite).
 */
export async function sourcePatchCost(
  database: BenchDatabase,
  nextId: () => string,
  patches: number,
): Promise<PatchCost> {
  const app = await NestFactory.createApplicationContext(
    ContextsModule.forRoot({ databaseUrl: database.url, schema: database.schema }),
    { logger: ['error', 'warn'] },
  );
  try {
    const store = app.get(EntityStore);
    // One write first, so that connecting and preparing are not charged to the measured ones.
    await store.patch('task', nextId(), patchBody(0));
    const before = process.cpuUsage();
    for (let sequence = 1; sequence <= patches; sequence++) {
      await store.patch('task', nextId(), patchBody(sequence));
    }
    const used = process.cpuUsage(before);
    return { cpuMsPerPatch: (used.user + used.system) / 1000 / patches, patches };
  } finally {
    await app.close();
  }
}

/**
 * A PATCH over HTTP, one after the other with nothing else running, charged the server
 * process's CPU time: parsing, validation, the source write and whatever its cache does.
 */
export async function serverPatchCost(
  server: RunningServer,
  nextId: () => string,
  patches: number,
  acknowledged: AcknowledgedWrites,
): Promise<PatchCost> {
  const patch = async (sequence: number) => {
    const id = nextId();
    const response = await fetch(`${server.baseUrl}/v1/tasks/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patchBody(sequence)),
    });
    const body = await response.text();
    if (response.status !== 200) {
      throw new Error(`${server.name}: PATCH /v1/tasks/${id} answered ${response.status}`);
    }
    acknowledged.acknowledge(id, (JSON.parse(body) as { version: number }).version);
  };
  await patch(0);
  const before = await server.cpuMicros();
  for (let sequence = 1; sequence <= patches; sequence++) {
    await patch(sequence);
  }
  const used = (await server.cpuMicros()) - before;
  return { cpuMsPerPatch: used / 1000 / patches, patches };
}
