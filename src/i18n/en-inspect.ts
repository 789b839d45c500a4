/** The inspection views: causal mask, attention weights and map, logit lens, prefill predictions. */
export const enInspect = {
  insLook: 'Look inside this step',
  insLookPrefill: 'Look inside the prefill',
  insLookHint:
    'Runs one extra pass over this step’s context that also returns the attention weights and what each layer would predict. Generation never runs it.',
  insTitle: 'Inside step {n}',
  insTitlePrefill: 'Inside the prefill',
  insClose: 'Close',
  insLoading: 'Running the inspection pass over {n} tokens…',
  insMissing:
    'This model has no inspection file (onnx/model_inspect.onnx), so its attention and layers cannot be shown. The run is not affected.',
  insHubOnly:
    'This model comes from the Hub as it is published: the attention and layer views need an inspection graph the app writes itself (onnx/model_inspect.onnx), which Hub-only models do not have. The run is not affected.',
  insFailed: 'The inspection pass failed.',
  insFailedNotModel:
    'The inspection file (onnx/model_inspect.onnx) is not a model the runtime can read: it is damaged or cut short, or another file was put in its place.',
  insFailedMemory:
    'The inspection pass ran out of memory: it holds every layer’s attention over the whole context at once. An earlier step, with a shorter context, needs less.',
  insFailedRunGoesOn:
    'The run is not affected: its steps go on, and another step can be looked inside. The runtime’s words:',
  insRetry: 'Try again',
  insNeedModel: 'Load this run’s model ({model}) to look inside its steps.',
  insPassTime: 'One extra pass over {n} tokens took {ms} ms.',
  insTinyNote:
    '{model} has random weights: its attention patterns and what its layers predict mean nothing, but they are exactly the numbers the model computed.',
  insMaskTitle: 'Causal mask: which positions each position may read',
  insMaskHelp:
    'Row = the position reading, column = the position read. A position reads itself and the positions before it, never later ones.',
  insMaskAria: 'Causal mask over {n} positions: {allowed} cells allowed, {masked} masked',
  insAttnTitle: 'Attention of the newest position',
  insAttnHelp:
    'How much position {n} takes from each token it read, in the chosen layer and head. The weights sum to 1.',
  insLayer: 'Layer',
  insHead: 'Head',
  insHeadAverage: 'Average of heads',
  insLayerOption: 'Layer {n}',
  insHeadOption: 'Head {n}',
  insHeatTitle: 'Attention map of every position',
  insHeatAria:
    'Attention map, layer {layer}, {head}: {n} × {n} positions; darker cells mean more attention',
  insHeatLoading: 'Fetching this head’s map…',
  insLensTitle: 'Logit lens: what each layer would predict',
  insLensHelp:
    'The final layer norm and the output matrix applied to the residual stream after each layer. The last layer is the model’s own prediction: the step’s candidates.',
  insLensLayer: 'after layer {n}',
  insPrefillTitle: 'What the model predicts after each prompt token',
  insPrefillHelp:
    'The prefill computes every prompt position at once; each row shows the most likely next token after the tokens up to it.',
  insPosition: 'position {n}',
} as const;
