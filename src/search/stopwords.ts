import { eng } from 'stopword';

/**
 * Words that carry no meaning for retrieval: the `stopword` package's English list, plus the question words,
 * auxiliaries and contractions (apostrophes already removed) that real questions are full of and that list lacks.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...eng,
  'us', 'why', 'whom', 'whose', 'when', 'does', 'doing', 'done', 'went', 'go', 'going', 'goes', 'will', 'shall', 'may',
  'not', 'no', 'nor', 'so', 'just', 'any', 'every', 'yes', 'ok', 'please', 'thanks',
  'there', 'here', 'its', 'it', 'itself', 'one', 'ones', 'who', 'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt',
  'didnt', 'cant', 'cannot', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'im', 'ive', 'id',
  'youre', 'youve', 'hes', 'shes', 'theyre', 'theyve', 'weve', 'thats', 'whats', 'whos', 'wheres', 'hows', 'lets',
  'their', 'theirs', 'ours', 'yours', 'mine', 'herself', 'themselves', 'ourselves', 'yourself', 'myself', 'she', 'her',
  'hers', 'off', 'down', 'again', 'further', 'once', 'own', 'few', 'nothing', 'something', 'anything', 'everything',
  'someone', 'anyone', 'everyone', 'also', 'yet', 'even', 'though', 'although', 'whether', 'either', 'neither', 'via',
  'per', 'upon', 'onto', 'within', 'without', 'against', 'among', 'across', 'toward', 'towards', 'during', 'until',
  'did', 'do', 'an',
]);
