import type { enSpeculative } from './en-speculative';

/** 投机解码在页面上的简体中文文本：设置、每一轮和计数。 */
export const zhCNSpeculative: Record<keyof typeof enSpeculative, string> = {
  urlOr5: '{a}、{b}、{c}、{d} 或 {e}',
  decodingSpeculative: '投机解码',
  kLabel: '每轮草稿词元数（k）',
  draftLabel: '草稿模型',
  draftDefault: '该模型常用的草稿模型（{id}）',
  draftNone: '该模型没有常用的草稿模型：请选择一个',
  draftHubLabel: '或使用 Hub 上的草稿模型（模型 ID）',
  draftHubOk: '{repo}：{params} 个参数，词表 {vocab} 个 token，与当前模型的词表大小相同。',
  draftHubOkUnknown:
    '{repo}：{params} 个参数，词表 {vocab} 个 token。当前模型的词表要等它加载后才知道：若草稿模型的 token 不同，投机解码加载它时会拒绝它。',
  draftHubUse: '用作草稿模型（{size}，运行投机解码时下载）',
  draftHubMisfit:
    '{repo} 的词表有 {vocab} 个 token，当前模型有 {target} 个：投机解码需要词表相同的草稿模型。',
  strategyRunSpeculative: '运行投机解码',
  specNoDraft: '请选择一个草稿模型：该模型没有常用的草稿模型。',
  specNoDraftFits:
    '没有可选的草稿模型与该模型的词表（{vocab} 个词元）相同：投机解码需要词表相同的草稿模型。',
  specDraftMisfit: '{id} 的词表与该模型的（{vocab} 个词元）不同：运行会被拒绝。请另选草稿模型。',
  specDraftOtherTokens:
    '草稿模型 {id} 使用的词元与该模型不同（分词器或词表不同），因此在运行前被拒绝：投机解码需要分词器相同的草稿模型。请另选草稿模型。',
  specTitle: '投机解码：小模型起草，大模型用一次计算检验',
  specIntro:
    '每一轮，草稿模型（{draft}）逐个提出最多 {k} 个词元，每个词元一次计算。然后模型（{target}）用一次计算读入下一个词元和所有提议。它认同的提议被保留（绿色），直到第一个它在那里不会选择的提议：该提议被划掉，由模型自己的词元代替（修正）。如果它认同所有提议，它在最后一个提议之后的词元也一并得到（奖励）。',
  specSame:
    '输出与对该模型做普通贪心解码的结果完全相同。链条并没有被跳过：每个词元仍然要根据它之前的全部内容来检验，只是同一轮的检验在一次计算中并行完成。',
  specDraftLoading: '正在加载草稿模型 {id}：{phase}…',
  specPhaseDownload: '下载中',
  specPhaseBuild: '正在根据原始权重构建',
  specPhaseSession: '正在创建会话',
  specPhaseWarmup: '正在预热',
  specDraftLoadingShare: '正在加载草稿模型 {id}：{phase}，{percent} %',
  specRound: '第 {n} 轮',
  specProposed: '草稿提议',
  specTargetChoice: '模型在每个位置之后的选择（一次计算）',
  specAdded: '本轮保留',
  specCorrection: '修正',
  specBonus: '奖励',
  specOwn: '模型自己的词元（没有提议要检查）',
  specEnded: '文本结束：其后的内容不保留',
  specAcceptance: '接受率：{rate} %（{proposed} 个提议中保留了 {accepted} 个）',
  specAcceptanceNone: '接受率：尚无提议',
  specPasses: '模型计算次数：{target} · 草稿计算次数：{draft} · 词元：{tokens}',
  specNoRounds: '第一个词元来自读取提示词，不需要任何一轮。',
  specCost:
    '只有当草稿模型的一次计算远比模型的一次计算便宜、而且草稿经常猜对时才划算：每轮花费 k 次草稿计算和一次模型计算，得到 1 到 k + 1 个词元。',
  specDraftNoneKnown:
    '{model} 没有已知的草稿模型：请在“{field}”一栏中选择一个。投机解码需要一个词表相同的较小模型；选好之前无法运行。',
  specFormGreedy:
    '贪心：上方的“{field}”设为贪心（或温度为 0）时，输出就是该模型的贪心解码文本。在那里选择采样并设置大于 0 的温度，即可按该温度和随机种子运行投机采样。',
  specFormSampled:
    '采样，使用上方的设置：温度 {temperature}，随机种子 {seed}。每个提议 x 以 min(1, p(x)/q(x)) 的概率被保留（p：模型给出的概率，q：草稿模型给出的概率）；否则从归一化后的 max(0, p − q) 中抽取词元。相同的随机种子得到相同的运行。',
  specCutoffsUnapplied:
    '投机采样不使用：{cutoffs}。这里的接受规则在该温度下比较模型和草稿模型的完整分布，不做任何截断：运行相当于这些设置处于关闭状态。若要与链式采样运行比较，请将它们关闭。',
  specSampledIntro:
    '以温度 {temperature}（随机种子 {seed}）采样，不做 top-k、top-p 或 min-p 截断。提议 x 以 min(1, p/q) 的概率被保留，其中 p 是模型给 x 的概率，q 是草稿模型给它的概率。若未被保留，则从归一化后的残差 max(0, p − q) 中抽取词元，本轮到此结束。',
  specSameSampled:
    '输出的分布与该模型在此温度下自己采样的分布完全相同（而不是贪心解码的结果）：这条规则只改变草稿提议成为最终词元的频率。链条并没有被跳过：每个词元仍然在它之前全部内容的条件下抽取。',
  specChecks: '规则在每个被检验的提议上的判断',
  specCheckKept: '{token}：p = {p}，q = {q}，保留概率 min(1, p/q) = {a}：保留',
  specCheckRejected: '{token}：p = {p}，q = {q}，保留概率 min(1, p/q) = {a}：拒绝',
  specResidualDraw:
    '替换词元 {token}：从归一化后的残差 max(0, p − q) 中抽取，它在其中的概率为 {r}。',
  specBonusDraw: '奖励词元 {token}：从模型在最后一个提议之后的分布 p 中抽取（概率 {r}）。',
  specOwnDraw: '模型自己的词元 {token}：从它的分布 p 中抽取（概率 {r}）。',
};
