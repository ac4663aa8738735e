/**
 * chart.js for the page: the same Chart class, with only the parts the bot's charts use registered
 * (src/charts/draw.ts registers `registerables`; in the page that means these), to keep the bundle small.
 */
import { BarController, BarElement, CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement } from 'chart.js';

export * from 'chart.js';
export const registerables = [BarController, BarElement, CategoryScale, Filler, LinearScale, LineController, LineElement, PointElement];
export { Chart };
