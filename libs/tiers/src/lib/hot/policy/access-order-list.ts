import { PolicyNode } from './policy-node';

/**
 * An intrusive doubly linked list in access order (least recent first). A sentinel closes the ring
 * so that no operation branches on null ends.
 */
export class AccessOrderList {
  private readonly sentinel = new PolicyNode(0, 0);

  get isEmpty(): boolean {
    return this.sentinel.next === this.sentinel;
  }

  /** The least recently used node, or undefined when empty. */
  peekFirst(): PolicyNode | undefined {
    const first = this.sentinel.next;
    return first === this.sentinel ? undefined : first;
  }

  /** The node after `node` towards the most recent end, or undefined at the end. */
  after(node: PolicyNode): PolicyNode | undefined {
    const next = node.next;
    return next === this.sentinel ? undefined : next;
  }

  addLast(node: PolicyNode): void {
    const last = this.sentinel.prev;
    node.prev = last;
    node.next = this.sentinel;
    last.next = node;
    this.sentinel.prev = node;
  }

  moveToLast(node: PolicyNode): void {
    if (this.sentinel.prev === node) return;
    AccessOrderList.unlink(node);
    this.addLast(node);
  }

  /** Unlinks a node from whichever list holds it. */
  static unlink(node: PolicyNode): void {
    node.prev.next = node.next;
    node.next.prev = node.prev;
    node.prev = node;
    node.next = node;
  }
}
