import type { Retriever, RetrieverFactory } from './types.js';

/** `dataset`: the passages the dataset carries for each question, the first top-k of them. */
export const createDatasetRetriever: RetrieverFactory = async () => {
  const retriever: Retriever = {
    id: 'dataset',
    async retrieve(query, topK) {
      return (query.passages ?? []).slice(0, topK);
    },
  };
  return retriever;
};
