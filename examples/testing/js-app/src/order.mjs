// POST /orders {"item", "quantity"}: a one-line summary from Bedrock, then the order on the queue.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const bedrock = new BedrockRuntimeClient({});
const sqs = new SQSClient({});

export const handler = async (event) => {
  const order = JSON.parse(event.body ?? '{}');
  if (typeof order.item !== 'string' || !Number.isInteger(order.quantity)) {
    return { statusCode: 400, body: JSON.stringify({ message: 'item (string) and quantity (integer) are required' }) };
  }
  const answer = await bedrock.send(
    new ConverseCommand({
      modelId: process.env.MODEL_ID,
      system: [{ text: 'You write one-line order summaries for a warehouse.' }],
      messages: [{ role: 'user', content: [{ text: `Summarise this order: ${order.quantity} × ${order.item}` }] }],
    }),
  );
  const summary = answer.output.message.content.map((block) => block.text ?? '').join('');
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ ...order, summary }) }));
  return { statusCode: 202, body: JSON.stringify({ status: 'queued', summary }) };
};
