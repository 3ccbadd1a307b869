import { describe, expect, it } from 'vitest';
import { assColor, buildCaptionScript, escapeCaptionText, placeCaption } from './captions.ts';

const WJ = '\u2060';

describe('captions', () => {
  it('keeps text literal for libass: backslashes start no command, braces open no override block', () => {
    expect(escapeCaptionText(`It's 50% off: "now", ok; [x]`)).toBe(`It's 50% off: "now", ok; [x]`);
    expect(escapeCaptionText('a\\Nb \\h {\\b1} 😀')).toBe(`a\\${WJ}Nb \\${WJ}h \\{\\${WJ}b1\\} 😀`);
    expect(escapeCaptionText('two\r\nlines\n')).toBe('two\\Nlines');
  });

  it('writes ASS colours as &HAABBGGRR', () => {
    expect(assColor('#FF8000')).toBe('&H000080FF');
    expect(assColor('#000000', 0.6)).toBe('&H66000000');
    expect(() => assColor('red')).toThrow(/#RRGGBB/);
  });

  it('puts the box inside the safe zone: margins are the safe zone plus the padding', () => {
    const script = buildCaptionScript(
      [
        { text: 'One', start: 0, end: 2 },
        { text: 'Two', start: 2, end: 4 },
      ],
      { width: 1080, height: 1920, safeZone: { top: 250, right: 140, bottom: 480, left: 64 } },
      { fontName: 'Inter', fontSize: 60, color: '#FFFFFF', boxColor: '#000000', boxOpacity: 0.6, position: 'bottom' },
    );
    expect(script).toContain('PlayResX: 1080\nPlayResY: 1920');
    // padding 21: left 64+21, right 140+21, bottom 480+21; BorderStyle 4 = one box per caption.
    expect(script).toMatch(
      /^Style: Caption,Inter,60,&H00FFFFFF,&H00FFFFFF,&HFF000000,&H66000000,-1,0,0,0,100,100,0,0,4,21,0,2,85,161,501,1$/m,
    );
    expect(script).toContain('Dialogue: 0,0:00:00.00,0:00:02.00,Caption,,0,0,0,,{\\an2\\fad(0,200)}One');
    expect(script).toContain('Dialogue: 0,0:00:02.00,0:00:04.00,Caption,,0,0,0,,{\\an2\\fad(200,0)}Two');
  });

  it('places a caption by the numbers its style line uses: lines a font size tall, padding round them', () => {
    const frame = { width: 1080, height: 1920, safeZone: { top: 288, right: 192, bottom: 672, left: 65 } };
    const style = { fontName: 'Inter', fontSize: 60, color: '#FFFFFF', boxColor: '#000000', boxOpacity: 0.6 } as const;
    const tenPerCharacter = (text: string) => text.length * 10;
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen';
    // Wrap width 1080 − (65+21) − (192+21) = 781, broken 3% short of it: two even lines.
    const bottom = placeCaption({ text, start: 0, end: 2 }, frame, { ...style, position: 'bottom' }, tenPerCharacter);
    expect(bottom.lines).toEqual(['one two three four five six seven eight nine', 'ten eleven twelve thirteen fourteen fifteen']);
    // 44 characters = 440 px, + 1% and 2 px for rounding, + 21 padding a side, about the safe zone's centre x 476.5.
    expect(bottom.box).toEqual({ x: 232, y: 1086, width: 490, height: 162 });
    expect(bottom.box.y + bottom.box.height).toBe(1920 - 672);
    const top = placeCaption({ text: 'Shop now', start: 0, end: 2 }, frame, { ...style, position: 'top' }, tenPerCharacter);
    expect(top.box).toMatchObject({ y: 288, height: 102 });
    const centre = placeCaption({ text: 'a\nb', start: 0, end: 2 }, frame, { ...style, position: 'center' }, tenPerCharacter);
    expect(centre.lines).toEqual(['a', 'b']);
    expect(centre.box.y + centre.box.height / 2).toBe((288 + 1920 - 672) / 2);
  });
});
