/**
 * The pages the driver UI and `kindling history` serve unless told otherwise: the
 * HTML pages (pages/html-ui-pages.ts) when their files are installed, else the text
 * page listing the REST endpoints (a build without @kindling/ui-web's output still
 * serves the REST API and says where it is).
 */
import { HtmlUiPages } from './pages/html-ui-pages.js';
import { TextUiPages, type UiPages } from './ui-pages.js';

export function createDefaultUiPages(): UiPages {
  const pages = new HtmlUiPages();
  return pages.installed() ? pages : new TextUiPages();
}
