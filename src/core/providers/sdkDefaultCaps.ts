/** The wrapper SDKs that fill in an output cap of their own for a provider whose API requires one. */
export type CapFillingSdk = 'ai-sdk' | 'langchain-js' | 'langchain-python' | 'litellm';

/** The output cap an SDK sends when the call sets none, and a sentence on where that comes from. */
export interface DefaultOutputCap {
  value: number;
  source: string;
}

/** What each wrapper SDK sends to one provider, by the model id as the call writes it. */
export type SdkDefaultCaps = Readonly<Partial<Record<CapFillingSdk, (modelId: string) => DefaultOutputCap>>>;
