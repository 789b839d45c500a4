/** Simplified Chinese text of the lesson (mirrors en-lesson.ts). */
import type { enLesson } from './en-lesson';

export const zhCNLesson: Record<keyof typeof enLesson, string> = {
  lessonToggle: '课程',
  lessonToggleHelp: '打开或关闭课程：按章节讲解文章的论点',
  lessonTitle: '课程',
  lessonChapterOf: '第 {n} 章，共 {total} 章',
  lessonChapters: '章节',
  lessonGoTo: '第 {n} 章：{title}',
  lessonShowMe: '演示一下',
  lessonShowMeHelp: '用已加载的模型，把页面设置成本章要讲的状态',
  lessonShowMeBusy: '请稍候：模型正在计算。',
  lessonNoDraft:
    '投机解码需要草稿模型，而所选模型没有默认的草稿模型（从文件选取的模型，或本页没有与它共用词表的较小的模型）：请在解码策略设置中选择草稿模型（“草稿模型”，或其下方的 Hub 模型 ID），之后“演示一下”就会用它运行；或换一个模型。',
  lessonOwnVocabNote:
    '这个模型使用自己的分词器，而不是 GPT-2 的：课程的提示词“Once upon a time”对它来说是 {n} 个词元（GPT-2 读作 4 个），所以它的计数与文章不同，这里的答案按它来计算。',
  lessonOwnChatNote:
    '这个模型使用自己的分词器，而不是 GPT-2 的，并且提示词会套上它的对话模板（对话设置已打开）：课程的提示词“Once upon a time”对它来说是 {n} 个词元，包括控制词元（GPT-2 读作 4 个），所以它的计数与文章不同，这里的答案按它来计算。',
  lessonPrev: '上一章',
  lessonNext: '下一章',
  lessonQuestion: '动手试试',
  lessonShowAnswer: '显示答案',
  lessonHideAnswer: '隐藏答案',
  lessonTinyNote: 'tiny-gpt2 的权重是随机的：它写出的词没有意义，但每一步的过程完全一样。{note}',
  lessonRandomNote:
    '这个模型的权重是随机的，大小与 GPT-2 相同（12 层，宽 768）：它写出的词没有意义，但每一步的计算量和用时都与 GPT-2 一样。',
  lessonClose: '关闭课程',
  lessonRestoreSettings: '恢复我的设置',
  lessonRestoreSettingsHelp:
    '恢复“演示一下”修改之前你的提示词、步数、缓存、采样和解码策略设置（关闭课程时也会恢复）',
  lesson1Title: '一次一个词元',
  lesson1Text:
    '语言模型不是一下子写出整句话的。它读入目前为止的全部文字，给每个可能的下一个词元一个概率，选出一个，接到文字后面，然后重复这一过程。“演示一下”运行文章里的那个循环：提示词“Once upon a time”，贪心解码 19 步（每次都选最可能的词元）。时间线上的每一块就是一步；用 ← 和 → 逐步查看。',
  lesson1Question: '第 19 步读入多少个词元？这一步之后文字有多长？',
  lesson1Answer:
    '第 19 步读入 22 个词元：提示词的 4 个，加上之前选出的 18 个。它选出的词元让文字变成 23 个词元长，也就是文章打印的最后一个长度（5、6……23）。',
  lesson1AnswerOwn:
    '第 19 步读入 {read} 个词元：提示词的 {prompt} 个，加上之前选出的 18 个。它选出的词元让文字变成 {total} 个词元长（文章用的是 GPT-2，提示词 4 个词元，打印到 23）。',
  lesson1Gpt2:
    '换成真正的 GPT-2，这 19 个词元就是文章里的：“, the world was a place of great beauty and great danger. The world was a place of”。',
  lesson2Title: '链式依赖',
  lesson2Text:
    '每一步都需要上一步的词元：先有 A，再有 B，然后才有 C，绝不会先有 C 再有 B。“演示一下”在第 2 步强制换成另一个词元（模型的第二选择），再让模型接着写下去。时间线下方的对比会并排显示两条记录，并标出它们开始不同的那一步。',
  lesson2Question: '两条记录从哪一步开始可能不同？为什么分支不能直接沿用原记录的第 3 步？',
  lesson2Answer:
    '从第 2 步开始，也就是被强制换词的那一步。之后的每一步读入的文字都不一样了，所以都必须重新计算；后面的某个词元可能碰巧相同，但那也是重新算出来的，不是照搬的。',
  lesson2Gpt2: '换成真正的 GPT-2，分支很快就会讲出另一个故事。',
  lesson3Title: '并行计算，串行生成',
  lesson3Text:
    '在一步之内，硬件是并行工作的：提示词的 4 个词元在一次计算中全部读完（预填充，第 0 步）。但各步之间仍然只能一步接一步。有 KV 缓存时，每一步只计算新的那个词元；没有缓存时（文章里的循环），每一步都要把整段文字重新算一遍。“演示一下”在不用缓存的情况下再生成同样的 19 步，并比较每一步的用时。',
  lesson3Question: '不用缓存时，第 19 步要计算多少个位置？用缓存时呢？',
  lesson3Answer:
    '不用缓存时，要计算它读入的全部 22 个位置；用缓存时只算 1 个（前面 21 个从缓存中读取）。两种情况下的词元完全相同：缓存省下的是计算量，而不是步数。',
  lesson3AnswerOwn:
    '不用缓存时，要计算它读入的全部 {read} 个位置；用缓存时只算 1 个（前面 {cached} 个从缓存中读取）。两种情况下的词元完全相同：缓存省下的是计算量，而不是步数。',
  lesson3Gpt2:
    '它太小了，两条记录用时差不多：缓存省下的计算量被每一步的固定开销淹没了。换成真正的 GPT-2（12 层，宽 768），不用缓存时的用时会一步比一步明显增长。',
  lesson4Title: '因果掩码与 KV 缓存',
  lesson4Text:
    '看看第 5 步的内部。因果掩码只允许每个位置看它自己和它前面的位置，绝不能看后面，所以一个词元只能在它前面的词元都已存在时才能计算。下方的 KV 缓存保存着前面每个位置留给后续步骤的信息；每一步在每一层各加一行。',
  lesson4Question:
    '在第 5 步的掩码中，最新的词元可以看哪些位置？第 5 步之后 KV 缓存里有多少个位置？',
  lesson4Answer:
    '它自己和前面的 7 个，一共 8 个；对角线上方的格子都被挡住了。缓存每层有 8 个位置：提示词的 4 个，以及之后输入的 4 个词元。',
  lesson4AnswerOwn:
    '掩码和注意力图来自本应用自己的检查计算图，这里只有 GPT-2 系列模型才有，所以对这个模型，“查看内部”会说明它没有：掩码对每个模型都一样（每个位置只能看到自己和前面的位置，不能往后看；第 5 步最新的词元能看到自己和前面的 {before} 个）。KV 缓存面板照常可用：第 5 步之后每层有 {cacheAfter5} 个位置，即提示词的 {prompt} 个，以及之后输入的 4 个词元。',
  lesson4Gpt2:
    '换成在浏览器中构建的真正 GPT-2（带有检视文件），注意力就不再是随机的：有些注意力头专看前一个词元，有些专看第一个词元。',
  lesson5Title: '自回归中的“自”',
  lesson5Text:
    '“自回归”这个词来自时间序列。在 AR(p) 模型中，每个值都是这个序列自己最近 p 个值的加权和，再加上一点噪声。“自”的意思是：序列由它自己预测，而不是由外部数据预测（文章的例子：只用前五天的股价预测今天的股价）。下面是一个 AR(2) 玩具模型；像逐步运行语言模型一样逐步运行它。',
  lesson5Question:
    '把玩具模型运行到 t = 10。计算 x₁₀ 用到了哪些值？语言模型计算下一个词元用到了什么？',
  lesson5Answer:
    '只用到 x₉ 和 x₈（p = 2），再加上噪声 ε₁₀。语言模型读入之前的所有词元（在它的上下文窗口之内），但两者都把自己的输出作为下一步的输入。',
  lesson5Gpt2: '这个玩具模型与语言模型无关，换成任何模型都一样。',
  lesson6Title: '束搜索仍是串行的',
  lesson6Text:
    '束搜索同时保留几段候选文字（称为“束”），而不是只保留一段；文章的例子中束数为 2。每一步，每一束都增长一个词元，然后只保留得分最好的几束。“演示一下”以束数 2 运行 19 步。',
  lesson6Question: '束搜索生成 19 个词元用了多少步？它能在第 2 步确定之前就决定第 3 步吗？',
  lesson6Answer:
    '19 步，每步一个词元，和贪心解码一样。不能：第 3 步是在第 2 步保留下来的束上继续增长的。束搜索看得更宽，但没有看得更远。',
  lesson6Gpt2: '换成真正的 GPT-2，得分最高的那一束常常和贪心解码的文字不同。',
  lesson7Title: '并行解码，同样的串行结果',
  lesson7Text:
    '雅可比解码先猜出后面的几个词元，再用模型的一次计算同时检验所有猜测。投机解码让一个又小又快的模型（草稿模型）来猜，再由大模型用一次计算检验全部猜测。两种方法都只保留与贪心解码在该位置所选完全相同的词元，所以得到的文字和一次一个词元生成的完全一样。两个按钮分别演示一种方法。',
  lesson7ShowJacobi: '演示雅可比解码',
  lesson7ShowSpec: '演示投机解码',
  lesson7Question:
    '雅可比解码用了多少次模型计算？贪心解码用了多少次？词元一样吗？投机解码中，草稿模型的猜测有多大比例被保留？',
  lesson7Answer:
    '看面板里的次数：雅可比解码的计算次数最多和贪心解码一样，猜对时会更少，而词元完全相同。投机解码会显示被保留的比例（接受率）；猜错的地方由大模型自己的选择代替，所以词元也完全相同。检验是并行的，结果仍然是串行的那个结果。',
  lesson7Gpt2:
    '它很少猜对，所以雅可比解码省不了几次计算；它的草稿模型是用它自己的权重做成的，计算量和它一样大，所以投机解码也不省时间。真正的 GPT-2 会重复短语（“The world was a place of”），这时从前文中取猜测就能省下好几次计算；它的草稿模型 distilgpt2 只有它一半的层数。',
  lesson8Title: '自回归与非自回归',
  lesson8Text:
    '文章按“每个输出是否依赖模型自己之前的输出”来给模型分类。下面是它的表格，加上你在本课程中看到的内容。',
  lesson8Question: '为什么一个一次写出所有位置的模型，不能简单地代替 GPT-2 来写故事？',
  lesson8Answer:
    '故事里的每个词都依赖前面的词。一次写出所有位置的模型看不到自己之前的选择，写出的文字就不那么连贯。正是这种依赖，使生成只能一步一步进行。',
  lesson8Gpt2: '换成任何模型，这张表都一样。',
  lessonTableCaption: '文章中的模型类型，以及本页展示的内容',
  lessonColType: '模型类型',
  lessonColHistory: '是否依赖自己的历史？',
  lessonColUses: '典型用途',
  lessonColSeen: '你在这里看到的',
  lessonRowAr: '自回归',
  lessonRowArHistory: '只依赖自己的历史',
  lessonRowArUses: '文本生成、时间序列预测',
  lessonRowArSeen:
    '模型逐词生成：{steps} 步生成 {tokens} 个词元，一步接一步；AR 玩具模型：每步一个值。',
  lessonRowArSeenNone:
    '模型逐词生成，每步一个词元（在第 1 章按“演示一下”即可数一数）；AR 玩具模型：每步一个值。',
  lessonRowArJacobi:
    '雅可比解码：{passes} 次计算生成 {tokens} 个词元（贪心解码：{greedy} 次），{verdict}。',
  lessonRowArSpec:
    '投机解码：大模型 {passes} 次计算、草稿模型 {draft} 次计算生成 {tokens} 个词元（贪心解码：{greedy} 次），{verdict}。',
  lessonTokensSame: '词元相同',
  lessonTokensDiffer: '词元与贪心解码的不同（精度较低的模型文件可能把两个接近的选择舍入成另一个）',
  lessonRowNar: '非自回归',
  lessonRowNarHistory: '否',
  lessonRowNarUses: '图像超分辨率、语音识别',
  lessonRowNarSeen:
    '本页没有：这类模型一次计算出所有输出位置。雅可比解码只是在一次计算中检验猜测，保留的仍是链式生成会写出的内容。',
  lessonRowHybrid: '混合',
  lessonRowHybridHistory: '部分依赖',
  lessonRowHybridUses: '结合外部知识的对话系统',
  lessonRowHybridSeen: '本页没有：这里的模型除了提示词之外，不从外部获取任何信息。',
  arTitle: 'AR(2) 玩具模型',
  arFormula: 'x_t = {phi1} · x_(t−1) + {phi2} · x_(t−2) + ε_t',
  arNow: 'x_{t} = {phi1} × {x1} + {phi2} × {x2} + ε（{eps}）= {value}',
  arStart: 'x_1 = {x1} 和 x_2 = {x2} 是给定的：相当于序列的“提示词”。',
  arStep: '玩具模型前进一步',
  arBack: '玩具模型后退一步',
  arPlay: '播放玩具模型',
  arPause: '暂停玩具模型',
  arReset: '玩具模型从头开始',
  arNoise: '加入噪声 ε（固定随机种子，每次结果相同）',
  arPlot: '到 t = {t} 为止的序列：{values}',
  arPosition: 't = {t}，共 {total}',
  formShow: '显示设置',
  formHide: '隐藏设置',
};
