import { escapeHtml as html, isFailure } from './widget-dom.js';
import { type PanelModel, panelHtml, type Tab } from './widget-panel.js';

/** The shadow root's frame: the brand slot and title, the tabs, the status line, the panel. */
export const WIDGET_FRAME = `<div class="box" part="box"><div class="head" part="header"><slot name="brand"></slot><h2 id="title" part="title"></h2></div><div role="tablist" aria-labelledby="title" part="tabs"></div><p role="status" id="status" part="message"></p><div role="tabpanel" id="panel" part="panel"></div></div>`;

/** What the widget renders: the panel's model, and the tabs offered. */
export interface WidgetModel extends PanelModel {
  readonly tabs: readonly Tab[];
}

/**
 * Brings a shadow root up to date. Each part is rewritten only when its HTML changed (`written`
 * keeps what each has), so an equal `strings` object (React assigns one per render) neither wipes
 * what the user typed nor makes a screen reader announce the status line again. Focus that was on a
 * part that went away moves to what there is to do now: the selected tab, or the state's control.
 * Returns what the username field held before, for the element to keep.
 */
export function renderWidget(root: ShadowRoot, model: WidgetModel, written: string[]): string | undefined {
  const [box, title, tablist, status, panel] = root.querySelectorAll<HTMLElement>(
    '.box,h2,[role=tablist],#status,#panel',
  );
  if (!box || !title || !tablist || !status || !panel) return undefined;
  const { state, strings, tab, tabs } = model;
  const { message, name, code } = model.view;
  const active = root.activeElement;
  const typed = panel.querySelector('input')?.value;
  const write = (part: HTMLElement, index: number, markup: string) => {
    if (written[index] === markup) return;
    written[index] = markup;
    part.innerHTML = markup;
  };
  box.dataset.state = state;
  title.textContent = strings.title;
  // logged in, there is nothing to choose between: no tabs
  const single = tabs.length < 2 || state === 'approved';
  tablist.hidden = single;
  write(
    tablist,
    0,
    tabs
      .map((each) => {
        const selected = each === tab;
        return `<button type="button" role="tab" id="tab-${each}" part="tab" aria-controls="panel" aria-selected="${selected}" tabindex="${selected ? 0 : -1}">${html(each === 'qr' ? strings.tabQr : strings.tabUsername)}</button>`;
      })
      .join(''),
  );
  panel.setAttribute('role', single ? 'group' : 'tabpanel');
  panel.setAttribute('aria-labelledby', single ? 'title' : `tab-${tab}`);
  write(panel, 1, panelHtml({ ...model, username: typed ?? model.username }));
  // The status line is the live region: it stays, and its text changes only when it says something new.
  status.className = isFailure(state) || model.view.invalid === true ? 'failed' : '';
  const text = message === undefined ? '' : html(strings[message].replace('{name}', () => name ?? ''));
  write(
    status,
    2,
    code === undefined ? text : `${text}<span class="hidden"> ${html(`${strings.code} ${code}`)}</span>`,
  );
  if (active === null) return typed;
  const onTab = active.getAttribute('role') === 'tab';
  // still there and still shown: the focus stays (a tab hides once logged in)
  if (active.isConnected && !(onTab && single)) return typed;
  root.querySelector<HTMLElement>(onTab && !single ? '[aria-selected=true]' : '[data-focus]')?.focus();
  return typed;
}
