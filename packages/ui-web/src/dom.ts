/**
 * A few helpers to build DOM nodes and tables without a framework: the pages are
 * tables and charts redrawn from the REST answers every poll, which plain DOM does
 * well enough at these sizes.
 */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export interface Column<R> {
  readonly title: string;
  readonly cell: (row: R) => Child;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

/**
 * A table with a header row; an empty list shows `empty` in one cell instead. With
 * `key`, each row carries its key (`data-key`), so a live update (live.ts `fill`)
 * changes the rows that changed and inserts the new ones instead of redrawing all.
 */
export function table<R>(columns: readonly Column<R>[], rows: readonly R[], empty: string, testId?: string, key?: (row: R) => string | number): HTMLTableElement {
  const head = h('tr', {}, ...columns.map((c) => h('th', c.numeric === true ? { class: 'num' } : {}, c.title)));
  const body = rows.length === 0
    ? [h('tr', {}, h('td', { colspan: String(columns.length), class: 'empty' }, empty))]
    : rows.map((r) => h('tr', { 'data-key': key === undefined ? undefined : String(key(r)) },
      ...columns.map((c) => h('td', c.numeric === true ? { class: 'num' } : {}, c.cell(r)))));
  return h('table', { 'data-testid': testId }, h('thead', {}, head), h('tbody', {}, ...body));
}

/** A titled section. */
export function section(title: string, testId: string, ...children: Child[]): HTMLElement {
  return h('section', { 'data-testid': testId }, h('h2', {}, title), ...children);
}

/** Label/value pairs, as Spark's summary lists. */
export function summary(items: readonly (readonly [string, Child])[]): HTMLElement {
  return h('ul', { class: 'summary' }, ...items.map(([k, v]) => h('li', {}, h('strong', {}, `${k}: `), v)));
}

export function link(href: string, text: Child): HTMLAnchorElement {
  return h('a', { href }, text);
}

export function badge(text: string, kind: string): HTMLElement {
  return h('span', { class: `badge ${kind}` }, text);
}
