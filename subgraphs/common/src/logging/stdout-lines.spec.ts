import { bufferedStdoutWriter } from './stdout-lines';

describe('bufferedStdoutWriter', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const chunks: string[] = [];
    const write = bufferedStdoutWriter({ write: (chunk: string) => chunks.push(chunk) > 0 } as never, () => undefined);
    write('one');
    write('two');
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['one\ntwo\n']);
    write('three');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('writes what is still buffered when the process exits', () => {
    const chunks: string[] = [];
    let atExit = () => undefined as void;
    const write = bufferedStdoutWriter({ write: (chunk: string) => chunks.push(chunk) > 0 } as never, (flush) => (atExit = flush));
    write('last words');
    atExit();
    expect(chunks).toEqual(['last words\n']);
  });
});
