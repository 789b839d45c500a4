/** English text of presenter mode (the big view for a projector); zh-CN-presenter.ts mirrors it. */
export const enPresenter = {
  presenterOn: 'Present',
  presenterHelp:
    'Presenter mode: large type for a projector, only the current step. Keys: Space plays, ← → step, Home/End, Esc leaves.',
  presenterKeys: 'Space play/pause · ← → step · Home/End · 1–8 lesson chapter · Esc leaves',
};
