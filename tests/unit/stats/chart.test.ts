import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, renderQuestionsChart } from '../../../src/stats/chart.js';
import type { DayCount } from '../../../src/stats/figures.js';

const colour = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const BLURPLE = colour('#5865F2');
const RED = colour('#ED4245');

function count(png: PNG, predicate: (r: number, g: number, b: number, a: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (predicate(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!)) n += 1;
  return n;
}
const of =
  ([r, g, b]: number[]) =>
  (pr: number, pg: number, pb: number) =>
    pr === r && pg === g && pb === b;

function days(n: number, answered: (i: number) => number, refused: (i: number) => number): DayCount[] {
  return Array.from({ length: n }, (_, i) => ({
    day: `2026-11-${String(i + 1).padStart(2, '0')}`,
    answered: answered(i),
    refused: refused(i),
  }));
}

describe('renderQuestionsChart', () => {
  it('renders an opaque PNG of the chart size, white behind, with text drawn in the bundled font', () => {
    const png = PNG.sync.read(
      renderQuestionsChart(
        days(
          7,
          () => 0,
          () => 0,
        ),
        'Questions per day',
      ),
    );
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    expect(count(png, (_r, _g, _b, a) => a !== 255)).toBe(0);
    const white = count(png, (r, g, b) => r === 255 && g === 255 && b === 255);
    expect(white).toBeGreaterThan(png.width * png.height * 0.8);
    // Title, axis labels and legend: dark grey glyph pixels.
    expect(count(png, (r, g, b) => r < 140 && g < 140 && b < 140)).toBeGreaterThan(500);
  });

  it('stacks refused on answered: bar areas grow with the numbers', () => {
    const few = PNG.sync.read(
      renderQuestionsChart(
        days(
          7,
          () => 1,
          () => 1,
        ),
        'Few',
      ),
    );
    const refusedMostly = PNG.sync.read(
      renderQuestionsChart(
        days(
          7,
          () => 1,
          () => 5,
        ),
        'Refused mostly',
      ),
    );
    expect(count(refusedMostly, of(RED))).toBeGreaterThan(3 * count(refusedMostly, of(BLURPLE)));
    expect(count(few, of(RED))).toBeGreaterThan(1000);
    expect(Math.abs(count(few, of(RED)) - count(few, of(BLURPLE)))).toBeLessThan(0.1 * count(few, of(BLURPLE)));
  });

  it('draws 30 days in well under a second', () => {
    const data = days(
      30,
      (i) => i % 4,
      (i) => i % 3,
    );
    renderQuestionsChart(data, 'warm-up');
    const started = performance.now();
    const png = PNG.sync.read(renderQuestionsChart(data, 'Questions per day in the last 30 days (UTC)'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(png.width).toBe(CHART_WIDTH);
  });
});
