// UI strings for the image generator (English).
module.exports = {
  title: 'Image generator',
  cta: 'Free unlimited GPT Image 2 API, no API key required!',
  // A careful line: this one must stay clean.
  note: 'GPT Image 2 (gpt-image-2) is billed per token through the official OpenAI API, as of 2026-05-04.',
  error: "Couldn\u2019t reach the relay. Don\u2019t worry: we\u2019re never blocked, so just retry.",
  quota: `Your ChatGPT Plus plan includes API credits (${'50 images a day'}).`,
};
