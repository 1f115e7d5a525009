import { PolicyNode } from './policy-node';

/**
 * An intrusive doubly linked list in access order (least recent first). A sentinel closes the ring
 * so that no operation branches on null ends.
 */
export class AccessOrderList {
  private readonly sentinel = new PolicyNode(0, 0);
  /** Nodes in the list. */
  size = 0;
  /** Appends so far (wrapping at 2^31): how far a node has sunk since it was appended. */
  private appends = 0;

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
    this.appends = (this.appends + 1) | 0;
    node.appendedAt = this.appends;
    this.size++;
  }

  remove(node: PolicyNode): void {
    node.prev.next = node.next;
    node.next.prev = node.prev;
    node.prev = node;
    node.next = node;
    this.size--;
  }

  /**
   * Moves a node that was just used to the most recent end, unless it is still in the most recent
   * quarter of the list: fewer appends than that since its own mean nothing can have overtaken it
   * by more, so its rank barely changes and the hit spares four pointer writes on scattered nodes,
   * each a likely cache miss (the same trade as memcached bumping an item at most once a minute).
   * A quarter rather than an eighth: fewer moves made hits measurably faster in bench:hot with no
   * loss of hit ratio in bench:hit-ratio.
   */
  touch(node: PolicyNode): void {
    if (((this.appends - node.appendedAt) | 0) < this.size >>> 2) return;
    this.remove(node);
    this.addLast(node);
  }
}
