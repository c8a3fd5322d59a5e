// Draws the Teams app icons (appPackage/color.png and outline.png): a sales
// funnel in three stages. Run `node scripts/generate-icons.mjs` after changing
// the drawing; the PNGs are committed.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

const brand = { r: 0x0f, g: 0x6c, b: 0xbd }; // also the manifest's accentColor
const samplesPerAxis = 4; // 16 samples per pixel smooth the edges

/** True when the point (unit square, y down) is on the funnel. */
function onFunnel(x, y) {
  const top = 0.26;
  const neck = 0.58;
  const bottom = 0.78;
  const gaps = [
    [0.365, 0.405],
    [0.475, 0.515],
  ];
  if (y < top || y > bottom) return false;
  if (gaps.some(([from, to]) => y > from && y < to)) return false;
  const halfWidth = y <= neck ? 0.28 - ((y - top) / (neck - top)) * 0.2 : 0.08;
  return Math.abs(x - 0.5) <= halfWidth;
}

function coverage(px, py, size) {
  let inside = 0;
  for (let sy = 0; sy < samplesPerAxis; sy += 1) {
    for (let sx = 0; sx < samplesPerAxis; sx += 1) {
      const x = (px + (sx + 0.5) / samplesPerAxis) / size;
      const y = (py + (sy + 0.5) / samplesPerAxis) / size;
      if (onFunnel(x, y)) inside += 1;
    }
  }
  return inside / samplesPerAxis ** 2;
}

/** White funnel over the brand color (color) or over nothing (outline). */
function drawIcon(size, background) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const cover = coverage(px, py, size);
      const at = (py * size + px) * 4;
      if (background) {
        png.data[at] = Math.round(background.r + (255 - background.r) * cover);
        png.data[at + 1] = Math.round(background.g + (255 - background.g) * cover);
        png.data[at + 2] = Math.round(background.b + (255 - background.b) * cover);
        png.data[at + 3] = 255;
      } else {
        png.data[at] = 255;
        png.data[at + 1] = 255;
        png.data[at + 2] = 255;
        png.data[at + 3] = Math.round(255 * cover);
      }
    }
  }
  return PNG.sync.write(png);
}

const appPackage = fileURLToPath(new URL("../appPackage/", import.meta.url));
writeFileSync(`${appPackage}color.png`, drawIcon(192, brand));
writeFileSync(`${appPackage}outline.png`, drawIcon(32, undefined));
console.log("wrote appPackage/color.png (192x192) and appPackage/outline.png (32x32)");
