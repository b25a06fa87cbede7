import { twingradTf, twingradThreads, twingradTorch, twingradTypeScript } from './twingrad.js';
import { tfjsSystem } from './tfjs.js';
import { jsPytorch } from './jspytorch.js';
import { hasPytorch, pytorch } from './pytorch.js';
import type { System } from '../workloads.js';

/** Every system of the table, in its order, and why any is missing. */
export function allSystems(): { systems: System[]; notes: string[] } {
  const systems: System[] = [twingradTf, twingradTorch, twingradThreads, twingradTypeScript, tfjsSystem('cpu'), tfjsSystem('wasm'), jsPytorch];
  const notes: string[] = [];
  if (hasPytorch()) systems.push(pytorch);
  else notes.push("PyTorch skipped: Debian's python3-torch is not installed (apt-get install python3-torch).");
  return { systems, notes };
}
