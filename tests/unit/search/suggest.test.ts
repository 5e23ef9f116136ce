import { describe, expect, it } from 'vitest';
import { Suggester } from '../../../src/search/suggest.js';
import { useFixtureLibraries } from '../helpers/fixture-corpus.js';

const libraries = useFixtureLibraries();

describe('Suggester with documents a server leaves out', () => {
  it('offers the words of every document by default', () => {
    const suggester = new Suggester(libraries.fixture());
    expect(suggester.suggest('zuri', [])).toContain('zurich');
    expect(suggester.suggest('the sof', [])).toContain('the sofa');
  });

  it('does not offer a word only left-out documents contain, and still offers words other documents share', () => {
    const suggester = new Suggester(libraries.fixture());
    // "sofa" is in notes/quiet only.
    const without = suggester.suggest('the sof', [], 25, 100, ['notes/quiet']);
    expect(without).not.toContain('the sofa');
    expect(suggester.suggest('zuri', [], 25, 100, ['notes/quiet'])).toContain('zurich');
    // "Natanz" is in the inspections article only, "Geneva" in the talks only.
    expect(suggester.suggest('nata', [], 25, 100, ['articles/inspections'])).not.toContain('natanz');
    expect(suggester.suggest('gene', [], 25, 100, ['articles/inspections'])).toContain('geneva');
    // A word of two documents ("delegation": the talks and the leaders) stays while one of them answers.
    expect(suggester.suggest('deleg', [], 25, 100, ['articles/talks'])).toContain('delegation');
    // The same list, asked again, gives the same answer (it is remembered).
    expect(suggester.suggest('the sof', [], 25, 100, ['notes/quiet'])).toEqual(without);
  });
});
