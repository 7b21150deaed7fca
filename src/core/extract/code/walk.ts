import type { Node, Tree, TreeCursor } from 'web-tree-sitter';

/**
 * Visits every node in document order without recursion (generated code can nest deeper than the
 * stack). `visit` sees the cursor on a node and the frame of its parent, and returns the frame its
 * children get: scopes, loops and the enclosing function flow down that way.
 */
export function walkTree<Frame>(tree: Tree, root: Frame, visit: (cursor: TreeCursor, parent: Frame) => Frame): void {
  const cursor = tree.walk();
  try {
    if (!cursor.gotoFirstChild()) return;
    const frames: Frame[] = [root];
    for (;;) {
      const frame = visit(cursor, frames[frames.length - 1]);
      if (cursor.gotoFirstChild()) {
        frames.push(frame);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (frames.length === 1 || !cursor.gotoParent()) return;
        frames.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Named children, comments left out. */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}
