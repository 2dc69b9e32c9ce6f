// HTML error pages for the HTML routes (the JSON API keeps its JSON errors).
import { html } from './html.js';
import { layout } from './layout.js';

export function renderErrorPage(status: number, message: string): string {
  const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Error';
  return layout({ title, kind: 'error-page' }, html`<h1>${status} · ${title}</h1><p class="error">${message}</p><p><a href="/">Back to the start page</a> or <a href="/search">search</a>.</p>`);
}
