// A Nest application with one constant JSON route, on the adapter named in argv: the framework's
// own ceiling, without Strata's code. Prints "ready" once listening.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { contextData } from '../../seed/context-data';
import { SeededRandom } from '../../seed/random';

// About the size of a resolved task context of the demo dataset.
const PAYLOAD = {
  level: 'task',
  id: 'task-1',
  data: contextData(new SeededRandom(1), 2048, 'task'),
};

@Controller()
class BareController {
  @Get('bare')
  bare() {
    return PAYLOAD;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const [adapterName, port] = process.argv.slice(2);
  const adapter = adapterName === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(BareModule, adapter, { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  console.log('ready');
}

void main();
