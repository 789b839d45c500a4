/**
 * English text of the model sources (where downloads come from) and of models loaded from the
 * user's files; zh-CN-sources.ts mirrors the keys.
 */
export const enSources = {
  // — where downloads come from (SourcePicker) —
  sourceLabel: 'Download from',
  sourceHub: 'Hugging Face Hub',
  sourceMirror: 'Mirror (hf-mirror.com)',
  sourceServer: 'Teacher’s server…',
  sourceUrlLabel: 'Address of the teacher’s server',
  sourceUrlHint: 'The address of a Stepwise site that serves models/gpt2, e.g. {example}',
  sourceUse: 'Use',
  sourceNameHub: 'the Hugging Face Hub',
  sourceNameMirror: 'the mirror hf-mirror.com',
  sourceNameServer: 'the teacher’s server {url}',
  sourceNotUrl: 'That is not a web address: write it like http://192.168.1.10:4173/.',
  sourceNotHttp: 'Only http:// and https:// addresses can serve models.',
  sourceMixedContent:
    'This page was opened over https, so the browser blocks an http:// server: use an https:// address, or open Stepwise from the teacher’s server itself.',
  sourceNotAllowed:
    'This site may only download models from the Hub, the mirror and {allowed}. Open Stepwise from the teacher’s server itself, or build the site with STEPWISE_MODEL_ORIGIN naming that server.',
  urlSource: 'hub, mirror or the address of a teacher’s server ({problem})',
  // — a download that failed (the error banner) —
  downloadFailed:
    'GPT-2 could not be downloaded from {source}; {previous} stays selected. Try again, choose another source under “Download from” (a Hub mirror or your teacher’s server), or load the model’s files from a USB stick.',
  // — models from the user's files (ModelFilesInput) —
  filesLoad: 'Load model files…',
  filesHint: 'Pick or drop a model folder’s config.json and its .onnx file (from a USB stick).',
  filesDrop: 'Drop a model folder or its files here',
  filesStoring: 'Checking and storing the files…',
  filesNoConfig: 'The files have no config.json: pick it together with the .onnx file.',
  filesNoOnnx: 'The files have no .onnx model file: pick it together with config.json.',
  filesSeveralOnnx: 'The files hold several .onnx files with unknown names: pick just one.',
  filesBadConfig: 'This config.json is not a GPT-2 model’s, so the files were not loaded.',
  filesBadModel:
    'This .onnx file is not a GPT-2 model Stepwise can run (it needs a cache interface the engine reads), so the files were not loaded.',
  filesNoStorage:
    'This browser keeps no files for this page (a private window, or an address without https): the files could not be stored.',
  filesLoadFailed:
    'The model in these files could not be loaded; {previous} stays selected. Check that the .onnx file is whole and belongs to this config.json.',
  modelFiles: '{name} — from your files',
} as const;
