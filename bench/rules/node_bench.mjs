// The eligibility checks of rules/eligibility.lua in json-rules-engine and @gorules/zen-engine,
// over pairs written by bench_rules (facts already prepared: income, ceiling for the household's
// category, typology and its allowed range, resources and required resources). Each engine's
// verdict is checked against the expected one. Prints one JSON line of results.
// usage: node node_bench.mjs <pairs.json> <node_modules dir>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [pairsFile, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'x.js'));
const { Engine } = require('json-rules-engine');
const { ZenEngine } = require('@gorules/zen-engine');

// [income, ceiling, typology, typMin, typMax, resources, required, expected]
const pairs = JSON.parse(readFileSync(pairsFile, 'utf8'));
const facts = pairs.map(([income, ceiling, typology, typMin, typMax, resources, required]) => ({
  income, ceiling, typology, typMin, typMax, resources, required,
}));

function rate(count, started) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { pairs: count, seconds, pairsPerSecond: count / seconds };
}

// json-rules-engine: one rule, all four conditions.
const jre = new Engine([], { allowUndefinedFacts: false });
jre.addRule({
  conditions: {
    all: [
      { fact: 'income', operator: 'lessThanInclusive', value: { fact: 'ceiling' } },
      { fact: 'typology', operator: 'greaterThanInclusive', value: { fact: 'typMin' } },
      { fact: 'typology', operator: 'lessThanInclusive', value: { fact: 'typMax' } },
      { fact: 'resources', operator: 'greaterThanInclusive', value: { fact: 'required' } },
    ],
  },
  event: { type: 'eligible' },
});
let mismatches = { jsonRulesEngine: 0, zenEngine: 0 };
let started = process.hrtime.bigint();
for (let i = 0; i < facts.length; i++) {
  const { events } = await jre.run(facts[i]);
  if ((events.length > 0) !== (pairs[i][7] === 1)) mismatches.jsonRulesEngine++;
}
const jreRate = rate(facts.length, started);

// zen-engine: one expression node between input and output.
const zen = new ZenEngine();
const decision = zen.createDecision({
  nodes: [
    { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
    {
      id: 'eligibility', type: 'expressionNode', name: 'Eligibility', position: { x: 200, y: 0 },
      content: {
        expressions: [{
          id: 'e', key: 'eligible',
          value: 'income <= ceiling and typology >= typMin and typology <= typMax and resources >= required',
        }],
      },
    },
    { id: 'out', type: 'outputNode', name: 'Response', position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'a', sourceId: 'in', targetId: 'eligibility', type: 'edge' },
    { id: 'b', sourceId: 'eligibility', targetId: 'out', type: 'edge' },
  ],
});
started = process.hrtime.bigint();
for (let i = 0; i < facts.length; i++) {
  const { result } = await decision.evaluate(facts[i]);
  if ((result.eligible === true) !== (pairs[i][7] === 1)) mismatches.zenEngine++;
}
const zenRate = rate(facts.length, started);

console.log(JSON.stringify({ jsonRulesEngine: jreRate, zenEngine: zenRate, mismatches }));
