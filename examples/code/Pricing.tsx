import { Link } from './link';

type Plan = { name: string; blurb: string };

// Plans shown on the pricing page. Copy reviewed by marketing.
const plans: Plan[] = [
  { name: 'Starter', blurb: 'Free unlimited GPT Image 2 API for hobby projects.' },
  { name: 'Pro', blurb: "Uptime guaranteed, and it's the official OpenAI API at the official price." },
];

export function Pricing({ user }: { user?: string }) {
  return (
    <section className="pricing" aria-label="Unlimited GPT Image 2 generations, no login">
      <h2>Pricing</h2>
      <p>
        Hi {user ?? 'there'}! Call GPT Image 2 with <Link href="/docs">no API key required</Link>{' '}
        and use this free key to get started: sk-proj-R0uteL1ntDem0K3yN0tRealUseY0urOwn8Jd5
      </p>
      <ul>
        {plans.map((p) => (
          <li key={p.name} title={p.blurb}>
            {p.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
