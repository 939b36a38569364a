using RiffusionVst.Plugin.Core.Threading;

namespace RiffusionVst.Plugin.Core.Tests.Threading;

public class MailboxTests
{
    private sealed record Letter(int Number);

    [Fact]
    public void An_empty_mailbox_has_nothing_to_take_or_peek_at()
    {
        var box = new Mailbox<Letter>();
        Assert.False(box.TryTake(out Letter? taken));
        Assert.Null(taken);
        Assert.Null(box.Peek());
    }

    [Fact]
    public void A_post_not_yet_taken_is_replaced_by_the_next_and_only_the_latest_is_taken_once()
    {
        var box = new Mailbox<Letter>();
        box.Post(new Letter(1));
        box.Post(new Letter(2));
        Assert.True(box.TryTake(out Letter? taken));
        Assert.Equal(2, taken.Number);
        Assert.False(box.TryTake(out _));
    }

    [Fact]
    public void Peeking_leaves_the_value_in_the_box()
    {
        var box = new Mailbox<Letter>();
        var letter = new Letter(7);
        box.Post(letter);
        Assert.Same(letter, box.Peek());
        Assert.Same(letter, box.Peek());
        Assert.True(box.TryTake(out Letter? taken));
        Assert.Same(letter, taken);
        Assert.Null(box.Peek());
    }

    [Fact]
    public void Posting_null_withdraws_what_waits()
    {
        var box = new Mailbox<Letter>();
        box.Post(new Letter(1));
        box.Post(null);
        Assert.Null(box.Peek());
        Assert.False(box.TryTake(out _));
    }

    [Fact]
    public void Posting_taking_and_peeking_allocate_nothing()
    {
        var box = new Mailbox<Letter>();
        var letter = new Letter(1);
        box.Post(letter);
        box.TryTake(out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            box.Post(letter);
            _ = box.Peek();
            box.TryTake(out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_reader_on_another_thread_sees_posts_in_order_and_always_ends_with_the_last()
    {
        const int Count = 100_000;
        var box = new Mailbox<Letter>();
        var letters = Enumerable.Range(1, Count).Select(i => new Letter(i)).ToArray();
        var seen = new List<int>();
        var reader = new Thread(() =>
        {
            // Waits on the condition (the last letter taken), spinning, never sleeping.
            var spin = new SpinWait();
            int last = 0;
            while (last != Count)
            {
                if (box.TryTake(out Letter? letter))
                {
                    seen.Add(letter.Number);
                    last = letter.Number;
                }
                else
                {
                    spin.SpinOnce();
                }
            }
        });
        reader.Start();
        foreach (Letter letter in letters)
            box.Post(letter);
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "the reader never took the last letter");

        Assert.Equal(Count, seen[^1]);
        // Latest wins: some letters are skipped, but none is taken twice or after a newer one.
        for (int i = 1; i < seen.Count; i++)
            Assert.True(seen[i] > seen[i - 1], $"letter {seen[i]} was taken after letter {seen[i - 1]}");
    }
}
