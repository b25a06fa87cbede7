/**
 * torch.device: a device type and an optional index, parsed and printed as PyTorch 1.13 does. twingrad computes on the
 * CPU alone, so every tensor's `device` is `torch.device('cpu')`; other devices can be named, not used (`Tensor.to`).
 */
import { RuntimeError, TorchTypeError } from './errors.js';
import { pyType } from './py_type.js';

/** c10/core/DeviceType.cpp's list, as parsing a device string names it (PyTorch 1.13). */
export const DEVICE_TYPES = 'cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone';
const KNOWN = new Set(DEVICE_TYPES.split(', '));

/**
 * PyTorch's torch.device. Make one with `torch.device('cpu')`; one object per type and index, so devices compare
 * with `===` as PyTorch's compare with `==`.
 * @example torch.ones(2).device.repr() // "device(type='cpu')"; torch.ones(2).device === torch.device('cpu') // true
 */
export class Device {
  /** Use `torch.device(...)`, which keeps one object per device. */
  constructor(
    /** The device type, e.g. 'cpu'. */
    readonly type: string,
    /** The index, or null (Python's None) for the current device of the type. */
    readonly index: number | null,
  ) {}
  /** Python's repr, which the console shows: `device(type='cpu')`, `device(type='cuda', index=1)`. */
  repr(): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
  /** Python's str(), what String(d) and templates give: 'cpu', 'cuda:1' (the form a device string takes). */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.repr();
  }
}

const interned = new Map<string, Device>();
function intern(type: string, index: number | null): Device {
  const key = `${type}:${index ?? ''}`;
  let d = interned.get(key);
  if (d === undefined) interned.set(key, (d = new Device(type, index)));
  return d;
}

/**
 * c10/core/Device.cpp's string constructor: `type` or `type:index`, matching ([a-zA-Z_]+)(?::([1-9]\d*|0))?, the
 * index an int, the type one of DEVICE_TYPES; each failure in PyTorch's words, in its order.
 */
export function parseDevice(s: string): Device {
  if (s === '') throw new RuntimeError('Device string must not be empty');
  const m = /^([a-zA-Z_]+)(?::([1-9]\d*|0))?$/.exec(s);
  if (m === null) throw new RuntimeError(`Invalid device string: '${s}'`);
  const [, type, digits] = m as unknown as [string, string, string | undefined];
  // NOTE: c10::stoi, which refuses what an int cannot hold
  if (digits !== undefined && Number(digits) > 2147483647) {
    throw new RuntimeError(`Could not parse device index '${digits}' in device string '${s}'`);
  }
  if (!KNOWN.has(type)) throw new RuntimeError(`Expected one of ${DEVICE_TYPES} device type at start of device string: ${type}`);
  return intern(type, digits === undefined ? null : Number(digits));
}

/**
 * torch.device(type) or torch.device(type, index) (python_device.cpp THPDevice_pynew): a string with an index may not
 * take another, and an index may not be negative. A device passes through.
 * @example torch.device('cpu'); torch.device('cuda', 0) // device(type='cuda', index=0)
 */
export function device(type: string | number | Device, index: number | null = null): Device {
  if (type instanceof Device) return type;
  // an int alone is a CUDA index (THPDevice_pynew's third overload)
  if (Number.isInteger(type) && typeof type === 'number') return indexed('cuda', type);
  if (typeof type !== 'string') {
    throw new TorchTypeError(`Device() received an invalid combination of arguments - got (${pyType(type)}), but expected one of:\n` +
      ` * (torch.device device)\n      didn't match because some of the arguments have invalid types: (!${pyType(type)}!)\n * (str type, int index)\n`);
  }
  const d = parseDevice(type);
  if (index === null || index === undefined) return d;
  if (!Number.isInteger(index) || typeof index !== 'number') {
    throw new TorchTypeError(`Device(): argument 'index' (position 2) must be int, not ${pyType(index)}`);
  }
  if (d.index !== null) throw new RuntimeError(`type (string) must not include an index because index was passed explicitly: ${type}`);
  return indexed(d.type, index);
}

function indexed(type: string, index: number): Device {
  if (index < 0) throw new RuntimeError('Device index must not be negative');
  return intern(type, index);
}

/** The one device twingrad's tensors live on. */
export const CPU = device('cpu');
