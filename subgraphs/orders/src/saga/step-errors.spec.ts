import { SubgraphRequestError, TransientServiceError } from '@retail/common';
import { classifyStepError, describeError, UnexpectedAnswerError } from './step-errors';
import { CheckoutRejectedError } from './steps/checkout-step';

describe('classifyStepError', () => {
  it('ends the checkout only for business rejections', () => {
    expect(classifyStepError(new CheckoutRejectedError('Payment declined: card_declined'))).toBe('rejected');
  });

  it('retries an unavailable service (network, timeout, 5xx, a refused service token)', () => {
    expect(classifyStepError(new TransientServiceError('http://catalog answered 503'))).toBe('unavailable');
  });

  it.each(['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT'])(
    'treats a %s answer from another subgraph as a fault, never as a decline',
    (code) => {
      expect(classifyStepError(new SubgraphRequestError([{ message: 'refused', extensions: { code } }]))).toBe('fault');
    },
  );

  it('treats an unexpected answer or a bug as a fault', () => {
    expect(classifyStepError(new UnexpectedAnswerError('commitStock answered RELEASED'))).toBe('fault');
    expect(classifyStepError(new TypeError('x is undefined'))).toBe('fault');
  });

  it('describes errors with their kind for operators', () => {
    expect(describeError(new SubgraphRequestError([{ message: 'Not allowed', extensions: { code: 'FORBIDDEN' } }]))).toBe(
      'SubgraphRequestError: FORBIDDEN: Not allowed',
    );
    expect(describeError('plain')).toBe('plain');
  });
});
