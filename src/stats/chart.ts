import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  type Plugin,
  Title,
} from 'chart.js';
import type { DayCount } from './figures.js';

/** The chart's size in pixels: wide enough for 30 labelled days, and what Discord shows without scaling much. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

/** Colours of the bars: answered in Discord's blurple, refused in its red; the background white in both themes. */
export const CHART_COLORS = { answered: '#5865F2', refused: '#ED4245', background: '#FFFFFF' } as const;

const FONT_FAMILY = 'StudyBotChartSans';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);

/**
 * The font comes from an npm package, not the system: a server or CI machine may have no fonts at all, and Skia
 * would then draw the labels as nothing.
 */
let fontRegistered = false;
function registerFont(): void {
  if (fontRegistered) return;
  const file = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
  if (!GlobalFonts.registerFromPath(file, FONT_FAMILY)) throw new Error(`could not load the chart font ${file}`);
  Chart.defaults.font.family = FONT_FAMILY;
  fontRegistered = true;
}

/** Chart.js clears the canvas to transparent; a PNG must be readable on Discord's dark theme as on the light one. */
function whiteBackground(context: SKRSContext2D): Plugin<'bar'> {
  return {
    id: 'whiteBackground',
    beforeDraw() {
      context.save();
      context.fillStyle = CHART_COLORS.background;
      context.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
      context.restore();
    },
  };
}

/** `2026-11-27` as `27 Nov`: short enough for 30 labels. */
function dayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return `${date.getUTCDate()} ${date.toLocaleString('en', { month: 'short', timeZone: 'UTC' })}`;
}

/**
 * A PNG bar chart of questions per UTC day, answered and refused stacked, rendered in the process (Chart.js on a
 * Skia canvas: prebuilt binaries, no system libraries). Takes about 15 ms once warm.
 */
export function renderQuestionsChart(days: readonly DayCount[], title: string): Buffer {
  registerFont();
  const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
  const context = canvas.getContext('2d');
  const configuration: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: [
        { label: 'Answered', data: days.map((d) => d.answered), backgroundColor: CHART_COLORS.answered, stack: 'questions' },
        {
          label: 'Refused (not in the library)',
          data: days.map((d) => d.refused),
          backgroundColor: CHART_COLORS.refused,
          stack: 'questions',
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      plugins: { title: { display: true, text: title, font: { size: 16 } }, legend: { position: 'bottom' } },
      scales: {
        x: { stacked: true, grid: { display: false } },
        // Whole questions only, and an axis from 0 to 1 on an empty period rather than no axis at all.
        y: { stacked: true, beginAtZero: true, suggestedMax: 1, ticks: { precision: 0 }, title: { display: true, text: 'Questions' } },
      },
    },
    plugins: [whiteBackground(context)],
  };
  // Chart.js takes a DOM canvas context; Skia's implements the same drawing API.
  const chart = new Chart(canvas.getContext('2d'), configuration);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
