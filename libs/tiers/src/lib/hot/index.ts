export { PolicyNode } from './policy/policy-node';
export { WindowTinyLfuPolicy, type WindowTinyLfuOptions } from './policy/window-tiny-lfu-policy';
