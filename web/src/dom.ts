/** Builds DOM nodes; every text goes in as a text node, never as HTML, so data never becomes markup. */
type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export const h = (
  tag: string,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElement => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
};

const SVG = 'http://www.w3.org/2000/svg';

export const svg = (
  tag: string,
  attributes: Record<string, string | number> = {},
  ...children: (Node | string)[]
) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children)
    element.append(child instanceof Node ? child : document.createTextNode(child));
  return element;
};

/**
 * Replaces the page's content; a new page (another title) moves the focus to it, as a page load would for a
 * screen reader, while a refresh of the same page leaves the focus and the scroll where they are.
 */
export const show = (title: string, ...content: (Child | Child[])[]) => {
  const main = document.getElementById('contenu') as HTMLElement;
  const fresh = document.title !== `${title} — Module 7`;
  const scroll = window.scrollY;
  main.replaceChildren(
    ...content
      .flat()
      .filter(
        (child): child is Node | string | number => child !== null && child !== undefined && child !== false,
      )
      .map((child) => (child instanceof Node ? child : document.createTextNode(String(child)))),
  );
  document.title = `${title} — Module 7`;
  if (fresh) main.focus({ preventScroll: true });
  else window.scrollTo(0, scroll);
};

export const alertBox = (kind: 'error' | 'success' | 'info' | 'warning', title: string, text?: string) =>
  h(
    'div',
    { class: `fr-alert fr-alert--${kind} fr-mb-3w`, role: kind === 'error' ? 'alert' : 'status' },
    h('h3', { class: 'fr-alert__title' }, title),
    text ? h('p', {}, text) : null,
  );

/** A DSFR form group: the label (and its hint) for the control, then what follows it (a counter). */
export const field = (
  id: string,
  label: string,
  control: HTMLElement,
  hint?: string,
  group: 'fr-input-group' | 'fr-select-group' = 'fr-input-group',
  ...after: HTMLElement[]
) =>
  h(
    'div',
    { class: group },
    h(
      'label',
      { class: 'fr-label', for: id },
      label,
      hint ? h('span', { class: 'fr-hint-text' }, hint) : null,
    ),
    control,
    after,
  );

/** A DSFR checkbox of a fieldset: its box (`name`, `value`) and its label. */
export const checkbox = (id: string, name: string, value: string, label: string, checked = false) =>
  h(
    'div',
    { class: 'fr-fieldset__element' },
    h(
      'div',
      { class: 'fr-checkbox-group' },
      h('input', { type: 'checkbox', id, name, value, checked }),
      h('label', { class: 'fr-label', for: id }, label),
    ),
  );
