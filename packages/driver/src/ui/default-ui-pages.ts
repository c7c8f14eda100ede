/**
 * The pages the driver UI and `kindling history` serve unless told otherwise: the
 * one line to change when the HTML pages (ui-pages.ts) are installed.
 */
import { TextUiPages, type UiPages } from './ui-pages.js';

export function createDefaultUiPages(): UiPages {
  return new TextUiPages();
}
