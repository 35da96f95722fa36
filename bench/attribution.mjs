#!/usr/bin/env node
// Sentence attribution on the calibration world (figures in docs/calibration.md): both bundled
// generators on the demo questions behind BM25 top-3, with --attribute (32 masks + 8 held out) and
// the remove probe. For each model: the questions it answers from context (baseline matches the
// gold answer, a retrieved sentence states it with its subject, and removing the passages changes
// the answer), the share of those whose top-weighted sentence is the one stating the answer, the
// answers that do not depend on the context, and the mean LDS on the held-out masks.
// Usage: node bench/attribution.mjs [seed ...]   (after npm run build)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { audit, demoAuditInput } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const subjects = new Map(
  readFileSync(`${ROOT}fixtures/world/facts.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .map((fact) => [fact.question, fact.subject.toLowerCase()]),
);

function figures(report) {
  let fromContext = 0;
  let topStates = 0;
  for (const question of report.questions) {
    const { attribution } = question;
    if (attribution === undefined) continue;
    const gold = question.answers[0].toLowerCase();
    const subject = subjects.get(question.question) ?? '';
    const states = (text) => text.toLowerCase().includes(gold) && text.toLowerCase().includes(subject);
    const removed = question.probes.find((p) => p.probe === 'remove');
    if (
      !(question.baseline ?? '').toLowerCase().includes(gold) ||
      !attribution.sentences.some((s) => states(s.text)) ||
      removed?.changed !== true
    )
      continue;
    fromContext++;
    const top = attribution.sentences.reduce((best, s) => (s.weight > best.weight ? s : best));
    if (states(top.text)) topStates++;
  }
  const { attribution } = report.summary;
  return {
    questions: report.questions.length,
    fromContext,
    topStates,
    topShare: fromContext === 0 ? null : Number((topStates / fromContext).toFixed(3)),
    contextIndependent: attribution.contextIndependent,
    meanLds: attribution.meanLds === null ? null : Number(attribution.meanLds.toFixed(3)),
    ldsQuestions: attribution.ldsQuestions,
    calls: report.summary.calls,
    seconds: Number((report.run.durationMs / 1000).toFixed(1)),
  };
}

const seeds = process.argv.slice(2).map(Number);
for (const seed of seeds.length === 0 ? [0] : seeds) {
  for (const generator of ['coupled', 'decoupled']) {
    const report = await audit({
      ...demoAuditInput({
        root: ROOT,
        generator,
        seed,
        version: 'bench',
        signal: new AbortController().signal,
      }),
      probes: ['remove'],
      attribute: true,
    });
    console.log(JSON.stringify({ seed, generator, ...figures(report) }));
  }
}
