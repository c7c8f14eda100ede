/**
 * Brings a live DOM subtree in line with a freshly built one, touching only what
 * differs: a changed text, a changed attribute, an added or removed child. A poll
 * builds each section anew (plain DOM, no framework) but must not hand that whole
 * tree to the browser: replacing a 100-row table re-lays out all of it, which was
 * most of what the Jobs page cost Chromium every batch. Here a new job is one
 * inserted row and a finished one is a changed cell.
 *
 * Children carrying a `data-key` (table rows, timeline lanes) are matched by key,
 * so a row prepended to a table moves nothing else; unkeyed children are matched by
 * position and tag. Nodes of the new tree are moved in, never cloned.
 */
export function morph(live: Element, next: Element): void {
  syncAttributes(live, next);
  morphChildren(live, next);
}

function syncAttributes(live: Element, next: Element): void {
  for (const name of live.getAttributeNames()) if (!next.hasAttribute(name)) live.removeAttribute(name);
  for (const name of next.getAttributeNames()) {
    const value = next.getAttribute(name)!;
    if (live.getAttribute(name) !== value) live.setAttribute(name, value);
  }
}

function keyOf(node: Node): string | undefined {
  return node instanceof Element ? (node.getAttribute('data-key') ?? undefined) : undefined;
}

function sameKind(a: Node, b: Node): boolean {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && keyOf(a) === keyOf(b);
}

function morphChildren(live: Element, next: Element): void {
  const keyed = new Map<string, Node>();
  for (const child of live.childNodes) {
    const key = keyOf(child);
    if (key !== undefined) keyed.set(key, child);
  }
  // `cursor` is the live child the next new child should become.
  let cursor: ChildNode | null = live.firstChild;
  for (const incoming of [...next.childNodes]) {
    const key = keyOf(incoming);
    let match: Node | undefined;
    if (key !== undefined) match = keyed.get(key);
    else if (cursor !== null && sameKind(cursor, incoming)) match = cursor;
    if (match === undefined) {
      live.insertBefore(incoming, cursor);
      continue;
    }
    if (key !== undefined) keyed.delete(key);
    if (match !== cursor) live.insertBefore(match, cursor);
    else cursor = cursor.nextSibling;
    update(match, incoming);
  }
  // What is left from the cursor on matched nothing.
  while (cursor !== null) {
    const stale: ChildNode = cursor;
    cursor = cursor.nextSibling;
    stale.remove();
  }
}

function update(live: Node, next: Node): void {
  if (live instanceof Element && next instanceof Element) morph(live, next);
  else if (live.nodeValue !== next.nodeValue) live.nodeValue = next.nodeValue;
}
