/** The console page: a navigation bar, one page at a time (chosen by the URL's hash), and the live feed. */
import { h } from './dom.js';
import { connectFeed, onFeedChange } from './feedStore.js';
import { costPage } from './pages/costPage.js';
import { executionsPage } from './pages/executionsPage.js';
import { invocationsPage } from './pages/invocationsPage.js';
import { modelCallsPage } from './pages/modelCallsPage.js';
import { overviewPage } from './pages/overviewPage.js';
import { queuesPage } from './pages/queuesPage.js';
import { tablesPage } from './pages/tablesPage.js';

/** A page draws itself into `root`; it returns what stops its timers when another page is shown. */
export type Page = (root: HTMLElement) => (() => void) | void;

const PAGES: Record<string, { title: string; page: Page }> = {
  overview: { title: 'Overview', page: overviewPage },
  invocations: { title: 'Invocations', page: invocationsPage },
  models: { title: 'Model calls', page: modelCallsPage },
  cost: { title: 'Cost meter', page: costPage },
  queues: { title: 'Queues', page: queuesPage },
  executions: { title: 'Executions', page: executionsPage },
  tables: { title: 'Tables', page: tablesPage },
};

let stopPage: (() => void) | void;

function show(): void {
  const name = location.hash.replace(/^#\/?/, '') || 'overview';
  const entry = PAGES[name] ?? PAGES.overview!;
  const nav = document.getElementById('nav')!;
  nav.replaceChildren(...Object.entries(PAGES).map(([key, { title }]) => h('a', { href: `#/${key}`, class: key === name ? 'active' : undefined, 'data-page': key }, title)));
  stopPage?.();
  const root = document.getElementById('page')!;
  root.replaceChildren();
  root.dataset.page = name;
  stopPage = entry.page(root);
}

const badge = document.getElementById('live')!;
connectFeed((live) => {
  badge.textContent = live ? 'live' : 'reconnecting…';
  badge.className = live ? 'badge live' : 'badge';
});
onFeedChange(() => undefined);
window.addEventListener('hashchange', show);
show();
