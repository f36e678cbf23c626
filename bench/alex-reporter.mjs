// A vfile reporter for alex (`alex --reporter=./bench/alex-reporter.mjs ...`) that reports every file
// alex processed, not only those with messages, so bench/run.mjs can check alex's file and byte
// counts against the corpus manifest. Prints one JSON object on stderr (unified-engine writes the
// reporter's output there):
//   {"reporter":"routelint-bench","files":[{"path","bytes","messages"}...],"messages":N}
// `bytes` is the size of the file as alex read it (the vfile's value).
export default function report(files) {
  let messages = 0;
  const out = files.map((file) => {
    const v = file.value;
    const bytes = v == null ? -1 : typeof v === 'string' ? Buffer.byteLength(v) : v.byteLength;
    const n = file.messages.filter((m) => m.fatal !== true).length;
    messages += n;
    return { path: file.path, bytes, messages: n, fatal: file.messages.some((m) => m.fatal === true) };
  });
  return JSON.stringify({ reporter: 'routelint-bench', files: out, messages }) + '\n';
}
