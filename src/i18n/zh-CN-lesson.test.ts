/**
 * The lesson's Chinese uses the app's own terms (so that a student finds on the page what the
 * lesson names) and calls the AR toy a toy model, not a small model like the draft.
 */
import { describe, expect, it } from 'vitest';
import { zhCNLesson } from './zh-CN-lesson';
import { zhCNStrategies } from './zh-CN-strategies';
import { zhCN } from './zh-CN';

const lessonText = Object.values(zhCNLesson).join('\n');

describe('the lesson in Chinese', () => {
  it('names things as the rest of the page does', () => {
    expect(zhCNStrategies.decodingJacobi).toBe('雅可比解码');
    expect(zhCN.timeline).toBe('时间线');
    expect(lessonText).not.toMatch(/Jacobi|时间轴|检查文件/);
    expect(zhCNLesson.lesson7ShowJacobi).toBe('演示雅可比解码');
    expect(zhCNLesson.lesson4Gpt2).toContain('检视文件');
  });

  it('calls the AR toy a toy model and Show me 演示一下, with Chinese quotation marks', () => {
    expect(lessonText).not.toMatch(/小模型|演示给我看|[‘’]/);
    expect(zhCNLesson.arTitle).toBe('AR(2) 玩具模型');
    expect(zhCNLesson.arStep).toBe('玩具模型前进一步');
    expect(zhCNLesson.lessonShowMe).toBe('演示一下');
    expect(zhCNLesson.lesson1Gpt2).toMatch(/“, the world .* place of”/);
  });

  it('words the beam and noise details plainly', () => {
    expect(zhCNLesson.lesson6Text).toContain('文章的例子中束数为 2');
    expect(zhCNLesson.lesson6Text).toContain('以束数 2 运行 19 步');
    expect(zhCNLesson.arNoise).toContain('（固定随机种子，每次结果相同）');
    expect(zhCNLesson.lesson8Answer).toContain('使生成只能一步一步进行');
  });
});
