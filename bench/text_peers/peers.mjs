// Runs the npm sentiment packages people reach for on the same labeled texts Peakend is
// measured on: texts per second on one core and macro-F1 (negative / neutral / positive).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const REPEAT = Number(process.env.REPEAT || 200);
const NEUTRAL_BAND = 0.05;

function readCsv(path) {
  const rows = [];
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  let field = '', row = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [header, ...data] = rows;
  const t = header.indexOf('text'), l = header.indexOf('label');
  return data.filter((r) => r.length > Math.max(t, l)).map((r) => ({ text: r[t], label: r[l] }));
}

function label(score) { return score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral'; }

function macroF1(gold, predicted) {
  const labels = ['negative', 'neutral', 'positive'];
  let sum = 0;
  for (const l of labels) {
    let tp = 0, fp = 0, fn = 0;
    gold.forEach((g, i) => {
      if (predicted[i] === l && g === l) tp++;
      else if (predicted[i] === l) fp++;
      else if (g === l) fn++;
    });
    const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
    sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return sum / labels.length;
}

async function peers(language) {
  const out = [];
  const vader = require('vader-sentiment');
  out.push({ name: 'vader-sentiment', score: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound });
  const Sentiment = require('sentiment');
  const afinn = new Sentiment();
  out.push({ name: 'sentiment (AFINN)', score: (t) => { const r = afinn.analyze(t); return r.comparative; } });
  const { SentimentAnalyzer } = require('@nlpjs/sentiment');
  const { Container } = require('@nlpjs/core');
  const container = new Container();
  if (language === 'nl') container.use(require('@nlpjs/lang-nl').LangNl);
  else container.use(require('@nlpjs/lang-en').LangEn);  // the full package: lang-en-min has no sentiment lexicon
  const nlp = new SentimentAnalyzer({ container });
  const nlpScores = new Map();
  out.push({
    name: '@nlpjs/sentiment', async: true,
    score: async (t) => (await nlp.process({ locale: language, text: t, utterance: t })).sentiment.score,
  });
  return out;
}

const [, , file, language] = process.argv;
const data = readCsv(file);
const gold = data.map((d) => d.label);
for (const peer of await peers(language)) {
  const predicted = [];
  for (const d of data) predicted.push(label(peer.async ? await peer.score(d.text) : peer.score(d.text)));
  const start = process.hrtime.bigint();
  let n = 0, sink = 0;  // every score is used, as Peakend's are, so none can be optimised away
  for (let r = 0; r < REPEAT; r++) {
    for (const d of data) { sink += peer.async ? await peer.score(d.text) : peer.score(d.text); n++; }
  }
  if (sink === 12345.678) console.log(' ');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${language}\t${peer.name}\t${(n / seconds).toFixed(0)} texts/s\tmacro-F1 ${macroF1(gold, predicted).toFixed(3)}`);
}
