import type { BenchSection } from '../section.js';
import { e2eSection } from './e2e.js';
import { notesSection } from './notes.js';
import { searchSection } from './search.js';
import { startupSection } from './startup.js';

/** Run in this order; RESULTS.md shows them in this order. */
export const SECTIONS: BenchSection[] = [searchSection, startupSection, e2eSection, notesSection];
