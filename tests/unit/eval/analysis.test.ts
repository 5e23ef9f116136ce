import { describe, expect, it } from 'vitest';
import { ProjectAnalysis, unweightedQuery } from '../../../eval/analysis.js';
import { analysedPeerOutcomes } from '../../../eval/evaluate.js';
import type { EvalQuestion } from '../../../eval/metrics.js';
import { EVAL_ANALYSED_PEERS } from '../../../eval/peers/index.js';
import type { Corpus } from '../../../src/corpus/types.js';

// Each alias and related word appears in one form in one passage and in another form in the question, so only the
// project's analysis can connect them: a peer running its own analysis finds none of these.
const CORPUS: Corpus = {
  version: 'test',
  aliases: [
    { terms: ['IAEA', 'International Atomic Energy Agency'], kind: 'alias' },
    { terms: ['envoy', 'diplomat'], kind: 'related' },
  ],
  documents: [
    {
      id: 'notes/agency',
      title: 'Vienna',
      kind: 'note',
      tags: ['inspections'],
      paragraphs: [
        'The International Atomic Energy Agency sent inspectors to the plant.',
        'An energy company built a new plant near the border.',
        'Weather reports for the region were issued every morning.',
      ],
    },
    {
      id: 'notes/people',
      title: 'People',
      kind: 'note',
      tags: ['people'],
      // The diplomat's passage is the shorter, so BM25 would rank it first if "diplomat" counted as much as "envoy".
      paragraphs: ['The envoy arrived in Geneva on Monday with two advisers.', 'A diplomat arrived.', 'Markets were calm in Geneva.'],
    },
  ],
};

describe('ProjectAnalysis', () => {
  const analysis = new ProjectAnalysis(CORPUS);

  it('turns passages into the index terms the project stores, canonical alias terms included', () => {
    const [first] = analysis.records();
    expect(first!.id).toBe('notes/agency#1');
    expect(first!.text.split(' ')).toEqual(expect.arrayContaining(['=iaea', 'inspector', 'plant']));
    // Stop words are gone: the peer sees the project's vocabulary, not the text.
    expect(first!.text.split(' ')).not.toContain('the');
    expect(first!.tags).toBe('inspect');
  });

  it('weights the question words and their aliases at 1 and related words lower', () => {
    const terms = analysis.query('Which envoy did the IAEA send?');
    expect(terms).toContainEqual({ term: '=iaea', weight: 1 });
    expect(terms).toContainEqual({ term: 'envoi', weight: 1 });
    const related = terms.find((t) => t.term === 'diplomat');
    expect(related?.weight).toBeGreaterThan(0);
    expect(related?.weight).toBeLessThan(1);
    expect(unweightedQuery(terms).split(' ')).not.toContain('diplomat');
  });
});

describe('peers fed the project analysis', () => {
  const analysis = new ProjectAnalysis(CORPUS);
  const records = analysis.records();
  const ask = (question: string): EvalQuestion => ({ id: 'q', question, expect: [], category: 'test', split: 'dev' });

  for (const create of EVAL_ANALYSED_PEERS) {
    const peer = create();
    peer.build(records);

    it(`${peer.name}: finds a passage through an acronym the passage never writes`, () => {
      const [outcome] = analysedPeerOutcomes(peer, analysis, [ask('What did the IAEA do?')]);
      expect(outcome!.ranked[0]).toBe('notes/agency#1');
    });

    it(`${peer.name}: ranks the word asked above its related word, or leaves the related word out`, () => {
      const [outcome] = analysedPeerOutcomes(peer, analysis, [ask('Tell me about the envoy')]);
      expect(outcome!.ranked[0]).toBe('notes/people#1');
    });

    it(`${peer.name}: refuses a question made only of stop words`, () => {
      const [outcome] = analysedPeerOutcomes(peer, analysis, [ask('what is it?')]);
      expect(outcome).toMatchObject({ ranked: [], refused: true });
    });
  }
});
