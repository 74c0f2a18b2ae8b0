import { BRANDS } from './brands';

/** WCAG 2.2 relative luminance and contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

describe("each brand's colours keep text readable (WCAG 2.2 AA, 1.4.3: 4.5:1)", () => {
  it.each(Object.values(BRANDS))('$name: white on its colour, its colour (links) on white, page text on its tint', (brand) => {
    expect(contrast('#ffffff', brand.colour)).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#1b1b1b', brand.tint)).toBeGreaterThanOrEqual(4.5);
  });

  it('the contrast formula itself: black on white is 21:1, a colour on itself 1:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrast('#0b5e55', '#0b5e55')).toBe(1);
  });

  it('the two brands are told apart by name and colour', () => {
    expect(BRANDS.bank.name).not.toBe(BRANDS.fintech.name);
    expect(BRANDS.bank.colour).not.toBe(BRANDS.fintech.colour);
  });
});
