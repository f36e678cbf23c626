// A React hero section (JSX): JSX text and attribute strings are copy; identifiers and imports are not.
import { unlimitedPlan } from './plans';
import { Button } from './Button';

export function Hero({ freeTier }) {
  const headline = 'Free unlimited GPT Image 2 API access';
  return (
    <section aria-label="Unlimited GPT Image 2 generations">
      <h1>{headline}</h1>
      <p>No API key needed: start generating in seconds.</p>
      <Button title="Use our free OpenAI API key">{freeTier ? 'Start free' : unlimitedPlan.name}</Button>
    </section>
  );
}
