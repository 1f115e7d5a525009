import { answerProblems } from './answer-verdict';

describe('answerProblems', () => {
  it('passes shedding 503s with Retry-After', () => {
    expect(
      answerProblems({
        statuses: new Map([
          [200, 900],
          [503, 40],
        ]),
        shed: 40,
        failed: 0,
      }),
    ).toEqual([]);
  });

  it('fails a 503 without Retry-After and any other 5xx', () => {
    expect(
      answerProblems({
        statuses: new Map([
          [200, 900],
          [500, 1],
          [503, 40],
        ]),
        shed: 38,
        failed: 0,
      }),
    ).toEqual(['3 answers were 5xx other than shedding']);
  });

  it('fails requests left unanswered', () => {
    expect(answerProblems({ statuses: new Map([[200, 5]]), shed: 0, failed: 2 })).toEqual([
      '2 requests got no answer',
    ]);
  });
});
