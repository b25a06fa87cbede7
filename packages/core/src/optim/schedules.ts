/**
 * Learning-rate schedules as pure functions of the step. Keras's are closed forms of the optimizer's
 * iteration count; PyTorch's are recursive (each epoch's rate from the last), as 1.13's get_lr computes them,
 * with the closed forms used when an epoch is passed explicitly.
 *
 * NOTE: PyTorch's closed forms raise gamma to an integer power with C's pow (glibc's, correctly rounded but for
 * rare near-ties); `powi` computes it correctly rounded, where V8's `**` is an ulp off for ~8% of (gamma, epoch).
 * Its cosines are Math.cos, not glibc's cos: a few (T_max, epoch) pairs differ by an ulp, which the recursive
 * CosineAnnealingLR can amplify to a few ulp (a known, unfixed difference).
 */
import { powi } from '../kernels/special.js';

/** Keras ExponentialDecay: lr0 * rate^(step/decay_steps), the exponent floored when staircase. */
export function exponentialDecay(step: number, lr0: number, decaySteps: number, decayRate: number, staircase: boolean): number {
  let p = step / decaySteps;
  if (staircase) p = Math.floor(p);
  return lr0 * decayRate ** p;
}

/** Keras PiecewiseConstantDecay: values[0] while step <= boundaries[0], ..., values[last] past the last boundary. */
export function piecewiseConstantDecay(step: number, boundaries: readonly number[], values: readonly number[]): number {
  for (let i = 0; i < boundaries.length; i++) if (step <= boundaries[i]!) return values[i]!;
  return values[values.length - 1]!;
}

/**
 * Keras CosineDecay: an optional linear warmup from lr0 to warmupTarget over warmupSteps, then
 * from = (warmupTarget ?? lr0) times ((1-alpha) * (1 + cos(pi * t/decaySteps))/2 + alpha), t clipped to decaySteps.
 */
export function cosineDecay(step: number, lr0: number, decaySteps: number, alpha: number, warmupTarget: number | null, warmupSteps: number): number {
  const decay = (t: number, from: number): number => from * ((1 - alpha) * (0.5 * (1 + Math.cos(Math.PI * (t / decaySteps)))) + alpha);
  if (warmupTarget === null) return decay(Math.min(step, decaySteps), lr0);
  const t = Math.min(step, decaySteps + warmupSteps);
  if (t < warmupSteps) return (warmupTarget - lr0) * (t / warmupSteps) + lr0;
  return decay(t - warmupSteps, warmupTarget);
}

/** PyTorch StepLR, recursive: the rate is multiplied by gamma at every epoch that is a nonzero multiple of step_size. */
export function stepLR(lr: number, epoch: number, stepSize: number, gamma: number): number {
  return epoch === 0 || epoch % stepSize !== 0 ? lr : lr * gamma;
}
export const stepLRClosed = (baseLr: number, epoch: number, stepSize: number, gamma: number): number => baseLr * powi(gamma, Math.floor(epoch / stepSize));

/** PyTorch ExponentialLR, recursive: lr * gamma at every epoch after the 0th. */
export function exponentialLR(lr: number, epoch: number, gamma: number): number {
  return epoch === 0 ? lr : lr * gamma;
}
export const exponentialLRClosed = (baseLr: number, epoch: number, gamma: number): number => baseLr * powi(gamma, epoch);

/**
 * PyTorch CosineAnnealingLR's recursive get_lr (1.13): `stepCount` is the scheduler's own step count
 * (1 on the step done at construction).
 */
export function cosineAnnealingLR(lr: number, baseLr: number, epoch: number, tMax: number, etaMin: number, stepCount: number): number {
  if (epoch === 0) return lr;
  if (stepCount === 1 && epoch > 0) return cosineAnnealingLRClosed(baseLr, epoch, tMax, etaMin);
  if ((epoch - 1 - tMax) % (2 * tMax) === 0) return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
  return ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) * (lr - etaMin) + etaMin;
}
export const cosineAnnealingLRClosed = (baseLr: number, epoch: number, tMax: number, etaMin: number): number =>
  etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
