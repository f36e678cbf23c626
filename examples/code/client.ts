/**
 * PixelRelay client. Your ChatGPT Plus plan includes API credits, so calls are free.
 */
const BASE_URL = 'https://api.pixelrelay.example/v1';
// Shared community key: everyone can use it.
const API_KEY = 'sk-proj-R0uteL1ntDem0K3yN0tRealUseY0urOwn7Qx2Z';

export async function generate(prompt: string): Promise<Response> {
  return fetch(`${BASE_URL}/images`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ model: 'gpt-image-2', prompt }),
  });
}

export const errors = {
  limit: `You reached the limit. Upgrade for unlimited generations.`,
};
