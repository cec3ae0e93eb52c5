import { cpus } from 'node:os';
import type { Machine } from './types';

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim().replace(/\s+/g, ' ') || 'unknown CPU',
    cores: list.length,
    node: process.version,
  };
}
